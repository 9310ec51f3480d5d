import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The user's Forgekeeper config file (`$FORGEKEEPER_CONFIG`, else
 * `$XDG_CONFIG_HOME/forgekeeper/config.json`, else `~/.config/forgekeeper/config.json`): where the
 * git helper finds the data directory (local mode) or the server and its API key (remote mode).
 * The API key is read from here, never from argv; a file that holds one must be mode 0600, as the
 * master key file must. Node built-ins only: part of the helper's start-up path.
 */
export interface UserConfig {
  dataDir: string | null;
  server: { url: string; apiKey: string } | null;
}

export type ConfigOutcome = { ok: true; path: string; config: UserConfig } | { ok: false; message: string };

const MAX_CONFIG_BYTES = 64 * 1024;

export function userConfigPath(env: NodeJS.ProcessEnv): string | null {
  const explicit = env.FORGEKEEPER_CONFIG;
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg !== undefined && xdg !== '') return join(xdg, 'forgekeeper', 'config.json');
  const home = env.HOME;
  return home === undefined || home === '' ? null : join(home, '.config', 'forgekeeper', 'config.json');
}

/** Reads the config; a missing file is an empty config. Opened once, checked through its descriptor. */
export function readUserConfig(env: NodeJS.ProcessEnv): ConfigOutcome {
  const path = userConfigPath(env);
  const empty: UserConfig = { dataDir: null, server: null };
  if (path === null) return { ok: true, path: '', config: empty };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, path, config: empty };
    return {
      ok: false,
      message: `cannot open the config file ${path} (${(error as NodeJS.ErrnoException).code})`,
    };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_CONFIG_BYTES)
      return { ok: false, message: `${path} is not a config file` };
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const parsed = parseConfig(buffer.subarray(0, read).toString('utf8'));
    if (typeof parsed === 'string') return { ok: false, message: `${path}: ${parsed}` };
    if (parsed.server !== null && process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      return {
        ok: false,
        message: `the config file ${path} holds an API key and can be read by other users (mode ${mode}): run chmod 600 ${path}`,
      };
    }
    return { ok: true, path, config: parsed };
  } finally {
    closeSync(fd);
  }
}

function parseConfig(text: string): UserConfig | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'not a JSON object';
  const value = json as Record<string, unknown>;
  const dataDir = typeof value.dataDir === 'string' && value.dataDir !== '' ? value.dataDir : null;
  const server = value.server;
  if (server === undefined || server === null) return { dataDir, server: null };
  if (typeof server !== 'object') return '"server" must be an object with "url" and "apiKey"';
  const { url, apiKey } = server as Record<string, unknown>;
  if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url))
    return '"server.url" must be an http(s) URL';
  if (typeof apiKey !== 'string' || apiKey === '' || /\s/.test(apiKey)) return '"server.apiKey" is missing';
  return { dataDir, server: { url: url.replace(/\/+$/, ''), apiKey } };
}

/** The data directory in local mode: FORGEKEEPER_DATA_DIR, else the config file's, else `./data`. */
export function dataDirOf(env: NodeJS.ProcessEnv, config: UserConfig): string {
  const fromEnv = env.FORGEKEEPER_DATA_DIR;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  return config.dataDir ?? './data';
}
