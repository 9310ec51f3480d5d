import type { WebhookEvent } from '../../forges/repo-types.js';
import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatHookLine } from '../format/repo-tables.js';
import { usageError } from '../parse-options.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, vaultCommand } from '../vault/vault-command.js';
import {
  checkTokenOptions,
  parseRepo,
  type RepoTokenOptions,
  repoServiceFor,
  tokenSelector,
} from './repo-common.js';

export interface RepoHookOptions extends RepoTokenOptions {
  url: string;
  secretEnv?: string;
  secretStdin?: boolean;
  events?: string;
}

const EVENTS: readonly WebhookEvent[] = ['push', 'pull_request'];
const MAX_SECRET = 255;

/**
 * `repo hook OWNER/NAME --url URL`: a webhook for push and pull-request events. Its secret comes
 * from an environment variable (`--secret-env NAME`) or standard input (`--secret-stdin`), never
 * from argv, and is never printed.
 */
export async function repoHookCommand(repoArg: string, options: RepoHookOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    checkTokenOptions(options);
    const repo = parseRepo(repoArg);
    const url = checkHookUrl(options.url);
    const events = parseEvents(options.events);
    const secret = await readHookSecret(options);
    const vault = await open();
    const selector = await tokenSelector(vault, options);
    const input = { repo, url, events, ...(secret === undefined ? {} : { secret }) };
    const hook = orFail(
      await repoServiceFor(vault).createWebhook(LOCAL_OWNER_ID, selector, input, CLI_ACTOR),
    );
    if (options.json) printJson(hook);
    else process.stdout.write(formatHookLine(hook, secret !== undefined));
    return EXIT.ok;
  });
}

function checkHookUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return value;
  } catch {
    // the usage error below
  }
  throw usageError('--url must be an http(s) URL.', 'For example --url https://ci.example.com/hooks/forge.');
}

function parseEvents(value: string | undefined): WebhookEvent[] {
  if (value === undefined) return [...EVENTS];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const events = EVENTS.filter((event) => names.includes(event));
  if (events.length === 0 || events.length !== names.length) {
    throw usageError('--events takes push, pull_request or both.', 'For example --events push,pull_request.');
  }
  return events;
}

async function readHookSecret(options: RepoHookOptions): Promise<string | undefined> {
  if (options.secretEnv !== undefined && options.secretStdin) {
    throw usageError('Give --secret-env or --secret-stdin, not both.', 'The secret comes from one place.');
  }
  let secret: string | undefined;
  if (options.secretEnv !== undefined) {
    secret = process.env[options.secretEnv];
    if (secret === undefined || secret === '') {
      throw usageError(
        `The environment variable ${options.secretEnv} is not set or empty.`,
        `Export ${options.secretEnv} with the webhook secret, or pipe it with --secret-stdin.`,
      );
    }
  } else if (options.secretStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    secret = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (secret === '')
      throw usageError(
        'Standard input held no webhook secret.',
        'Pipe the secret, e.g. printenv HOOK_SECRET | forgekeeper repo hook …',
      );
  }
  if (secret !== undefined && secret.length > MAX_SECRET) {
    throw usageError(
      `The webhook secret is longer than ${MAX_SECRET} characters.`,
      'Use a shorter random secret (32 bytes in hex is plenty).',
    );
  }
  return secret;
}
