import { fkError } from '../../domain/errors/error.js';
import type { TokenView } from '../../services/vault/index.js';
import { CliError, EXIT } from '../run-command.js';

/** `forgekeeper exec` in remote mode: the server's API, with the API key from the config file. */
type Server = { url: string; apiKey: string };

const TIMEOUT_MS = 15_000;

/** The caller's tokens (`GET /api/v1/tokens`, scope tokens:read). Metadata only. */
export async function remoteTokens(server: Server): Promise<TokenView[]> {
  const body = (await call(server, 'GET', '/api/v1/tokens')) as { items?: TokenView[] };
  return body.items ?? [];
}

/** One token's text (`POST /api/v1/git/credential` naming it, scope tokens:use; audited as a use). */
export async function remoteSecret(server: Server, tokenId: string): Promise<string> {
  const body = (await call(server, 'POST', '/api/v1/git/credential', {
    action: 'get',
    protocol: 'https',
    host: 'forgekeeper-exec',
    tokenId,
  })) as { password?: string } | null;
  if (typeof body?.password !== 'string') {
    throw new CliError(
      fkError('token_expired', {
        message: `The server will not lend token ${tokenId}: it is expired or unusable.`,
      }),
      EXIT.unusable,
    );
  }
  return body.password;
}

async function call(server: Server, method: string, path: string, json?: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.apiKey}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new CliError(
      fkError('server_unreachable', { message: `Cannot reach the Forgekeeper server at ${server.url}.` }),
      EXIT.unverified,
    );
  }
  if (response.status === 204) return null;
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  throw new CliError(
    fkError('forbidden', {
      message: `The server refused ${method} ${path}: ${error?.message ?? `HTTP ${response.status}`}`,
      remediation: 'The API key needs the tokens:read and tokens:use scopes.',
    }),
    EXIT.unusable,
  );
}
