import { appendFileSync } from 'node:fs';

/**
 * Test instrumentation for the suite-wide leak scan: when `FORGEKEEPER_CANARY_FILE` is set (only the
 * test suite's global setup sets it), every token the sandbox issues is appended to that file, so
 * the final scan knows which strings must appear nowhere else. Sandbox tokens open nothing but the
 * sandbox that issued them.
 */
export function recordCanary(token: string): void {
  const file = process.env.FORGEKEEPER_CANARY_FILE;
  if (file) appendFileSync(file, `${token}\n`, { mode: 0o600 });
}
