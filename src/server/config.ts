import type { LevelWithSilent } from 'pino';
import { type FkError, fkError } from '../domain/errors/error.js';
import { err, ok, type Result } from '../domain/result.js';

/** Everything `forgekeeper serve` is told, from flags first, then the environment, then defaults. */
export interface ServeConfig {
  host: string;
  port: number;
  /** SQLite's directory and the default key file's; undefined: the vault's default. */
  dataDir?: string;
  trustProxy: boolean;
  publicUrl?: string;
  logLevel: LevelWithSilent;
  scheduler: boolean;
  shutdownTimeoutMs: number;
}

export interface ServeFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  scheduler?: boolean;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['0', 'false', 'no', 'off']);

/**
 * Reads the settings of `serve`. The database URL is not here: the vault reads
 * FORGEKEEPER_DATABASE_URL itself (and never echoes it: it may hold a password).
 */
export function serveConfig(flags: ServeFlags, env: NodeJS.ProcessEnv): Result<ServeConfig, FkError> {
  const host = flags.host ?? nonEmpty(env.FORGEKEEPER_HOST) ?? DEFAULT_HOST;
  const portText = flags.port ?? nonEmpty(env.FORGEKEEPER_PORT) ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    return err(
      usage(
        'The port must be a whole number from 0 to 65535 (0 picks a free one).',
        '--port 8080 or FORGEKEEPER_PORT=8080',
      ),
    );
  }
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host)) {
    return err(
      usage(
        'The host must be an IP address or a host name to listen on.',
        '--host 0.0.0.0 or FORGEKEEPER_HOST=::',
      ),
    );
  }
  const level = nonEmpty(env.FORGEKEEPER_LOG_LEVEL) ?? 'info';
  if (!(LEVELS as readonly string[]).includes(level)) {
    return err(
      usage(`FORGEKEEPER_LOG_LEVEL must be one of ${LEVELS.join(', ')}.`, 'FORGEKEEPER_LOG_LEVEL=info'),
    );
  }
  const trustProxy = flag(env.FORGEKEEPER_TRUST_PROXY, false);
  const scheduler = flags.scheduler === false ? false : flag(env.FORGEKEEPER_SCHEDULER, true);
  if (trustProxy === null || scheduler === null) {
    return err(
      usage(
        'FORGEKEEPER_TRUST_PROXY and FORGEKEEPER_SCHEDULER take on/off (1/0, true/false).',
        'FORGEKEEPER_TRUST_PROXY=1',
      ),
    );
  }
  const publicUrl = nonEmpty(env.FORGEKEEPER_PUBLIC_URL);
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(publicUrl)) {
    return err(
      usage(
        'FORGEKEEPER_PUBLIC_URL must be an http(s) URL.',
        'FORGEKEEPER_PUBLIC_URL=https://forgekeeper.example.com',
      ),
    );
  }
  const dataDir = flags.dataDir;
  return ok({
    host,
    port,
    ...(dataDir === undefined ? {} : { dataDir }),
    trustProxy,
    ...(publicUrl === undefined ? {} : { publicUrl }),
    logLevel: level as LevelWithSilent,
    scheduler,
    shutdownTimeoutMs: 10_000,
  });
}

function usage(message: string, example: string): FkError {
  return fkError('invalid_input', { message, remediation: `For example: ${example}.` });
}

function flag(value: string | undefined, fallback: boolean): boolean | null {
  const text = nonEmpty(value)?.toLowerCase();
  if (text === undefined) return fallback;
  if (ON.has(text)) return true;
  if (OFF.has(text)) return false;
  return null;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
