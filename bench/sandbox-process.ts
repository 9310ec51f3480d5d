import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SandboxUrls } from '../src/sandbox/index.js';

const CLI = fileURLToPath(new URL('../bin/forgekeeper.js', import.meta.url));

/**
 * The sandbox forges in a process of their own, as `forgekeeper sandbox` runs them: a benchmark's
 * client then shares no event loop with the "forge", as with a real one across the network.
 */
export async function startSandboxProcess(
  latencyMs: number,
): Promise<{ urls: SandboxUrls; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'sandbox', '--latency', String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code} before it was ready`)));
  });
  lines.close();
  return {
    urls: JSON.parse(first) as SandboxUrls,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Issues a sandbox token over the control API. */
export async function issue(control: string, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${control}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`sandbox refused a token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}
