import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ControlApi } from '../control.js';
import { buildSandbox } from '../server.js';
import type { SandboxState } from '../state.js';
import { buildUrls, type SandboxUrls } from '../types.js';

/**
 * A sandbox built in process with its state in reach, for specs that set up what the control API
 * cannot (collaborators, branch restrictions, hundreds of repositories) or read back what a request
 * stored. Requests still go over HTTP. One per test file on an ephemeral port, reset before each
 * test. Test support only.
 */
export interface StateSandbox {
  readonly state: SandboxState;
  readonly control: ControlApi;
  readonly urls: SandboxUrls;
}

export function useStateSandbox(): StateSandbox {
  let built: Awaited<ReturnType<typeof buildSandbox>> | undefined;
  let urls: SandboxUrls | undefined;
  const need = () => {
    if (!built || !urls) throw new Error('sandbox not started');
    return { built, urls };
  };
  beforeAll(async () => {
    built = await buildSandbox();
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const address = built.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('sandbox did not bind a TCP port');
    urls = buildUrls(`http://127.0.0.1:${address.port}`);
    built.state.urls = urls;
  });
  afterAll(async () => {
    if (!built) return;
    built.shutdown();
    await built.app.close();
    await built.state.repos.close();
  });
  beforeEach(async () => {
    await built?.control.reset();
  });
  return {
    get state() {
      return need().built.state;
    },
    get control() {
      return need().built.control;
    },
    get urls() {
      return need().urls;
    },
  };
}
