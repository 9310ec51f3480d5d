import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Updates the user's config file (user-config.ts) with `patch`, keeping its other fields: written
 * under a temporary name with mode 0600 in a 0700 directory, then renamed over the old one, so a
 * reader sees the old file or the new one and the API key is never readable by others.
 */
export function updateUserConfig(path: string, patch: Record<string, unknown>): void {
  let current: Record<string, unknown> = {};
  try {
    const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof json === 'object' && json !== null && !Array.isArray(json))
      current = json as Record<string, unknown>;
  } catch {
    // No file yet, or not JSON: it is replaced.
  }
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.config.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temp, `${JSON.stringify({ ...current, ...patch }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, path);
}
