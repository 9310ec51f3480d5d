import { describe, expect, it } from 'vitest';
import { serveConfig } from './config.js';

describe('serveConfig', () => {
  it('defaults to 127.0.0.1:8080 with the scheduler on and no proxy trusted', () => {
    expect(serveConfig({}, {})).toEqual({
      ok: true,
      value: {
        host: '127.0.0.1',
        port: 8080,
        trustProxy: false,
        logLevel: 'info',
        scheduler: true,
        shutdownTimeoutMs: 10_000,
      },
    });
  });

  it('takes flags before the environment, and the environment before defaults', () => {
    const env = { FORGEKEEPER_HOST: '0.0.0.0', FORGEKEEPER_PORT: '9000', FORGEKEEPER_TRUST_PROXY: 'on' };
    const fromEnv = serveConfig({}, env);
    expect(fromEnv.ok && [fromEnv.value.host, fromEnv.value.port, fromEnv.value.trustProxy]).toEqual([
      '0.0.0.0',
      9000,
      true,
    ]);
    const fromFlags = serveConfig({ host: '::1', port: '0', dataDir: 'd', scheduler: false }, env);
    expect(fromFlags.ok && fromFlags.value).toMatchObject({
      host: '::1',
      port: 0,
      dataDir: 'd',
      scheduler: false,
    });
  });

  it('turns the scheduler off from the environment unless a flag says otherwise', () => {
    const off = serveConfig({ scheduler: true }, { FORGEKEEPER_SCHEDULER: 'off' });
    expect(off.ok && off.value.scheduler).toBe(false);
  });

  it('refuses bad values with invalid_input', () => {
    for (const [flags, env] of [
      [{ port: '80x' }, {}],
      [{ port: '70000' }, {}],
      [{ host: 'a b' }, {}],
      [{}, { FORGEKEEPER_LOG_LEVEL: 'loud' }],
      [{}, { FORGEKEEPER_TRUST_PROXY: 'maybe' }],
      [{}, { FORGEKEEPER_PUBLIC_URL: 'ftp://x' }],
    ] as const) {
      const result = serveConfig(flags, env);
      expect(result.ok, JSON.stringify([flags, env])).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_input');
    }
  });
});
