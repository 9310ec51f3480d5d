import { describe, expect, it } from 'vitest';
import type { ForgeId } from '../domain/forge.js';
import { Secret } from '../domain/secret.js';
import type { TokenKind } from '../domain/token-kind.js';
import { createBitbucketAdapter } from './bitbucket/adapter.js';
import { createGitHubAdapter } from './github/adapter.js';
import { createGitLabAdapter } from './gitlab/adapter.js';
import { instant, networkFailure, type ScriptedReply, scriptedSend } from './http/testing/scripted-send.js';
import type { AdapterConfig } from './http/types.js';
import type { ForgeAdapter, RequestEvent } from './types.js';

/*
 * DESIGN.md principle 1: no token text in an error message, its details or a RequestEvent — even
 * when the forge (or something pretending to be it) echoes the credentials back in every place it can.
 * Every operation an adapter has is checked: inspect, and revoke/rotate where the forge has them.
 */

const TOKEN = 'CANARYtokenCANARYtokenCANARY0123456789';
const EMAIL = 'jane@example.com';
const BASIC = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');
/** What each adapter sent as its credential header, echoed back by the "forge". */
const SENT: Record<ForgeId, string> = {
  github: `Authorization: Bearer ${TOKEN}`,
  gitlab: `PRIVATE-TOKEN: ${TOKEN}`,
  bitbucket: `Authorization: Basic ${BASIC}`,
};

const forges: { forge: ForgeId; kind: TokenKind; create: (c: AdapterConfig) => ForgeAdapter }[] = [
  { forge: 'github', kind: 'classic', create: createGitHubAdapter },
  { forge: 'gitlab', kind: 'personal', create: createGitLabAdapter },
  { forge: 'bitbucket', kind: 'api_token', create: createBitbucketAdapter },
];

function failures(forge: ForgeId): [string, ScriptedReply[]][] {
  const ECHO = `token ${TOKEN} / ${SENT[forge]} / ${encodeURIComponent(TOKEN)}`;
  const echoHeaders = { location: `https://evil.example/?t=${TOKEN}`, 'x-accepted-oauth-scopes': TOKEN };
  return [
    [
      '401 echoing',
      [{ status: 401, body: { message: ECHO, error_description: ECHO, error: { message: ECHO } } }],
    ],
    [
      '403 echoing',
      [
        {
          status: 403,
          headers: echoHeaders,
          body: { message: ECHO, error: 'insufficient_scope', scope: TOKEN },
        },
      ],
    ],
    ['429 echoing', [{ status: 429, headers: { 'retry-after': '60' }, body: ECHO }]],
    ['5xx echoing', [0, 1, 2].map(() => ({ status: 502, body: { message: ECHO } }))],
    [
      'HTML page echoing',
      [{ status: 200, headers: { 'content-type': 'text/html' }, body: `<html>${ECHO}</html>` }],
    ],
    ['JSON of the wrong shape', [{ status: 200, body: { id: ECHO, login: 42, uuid: 7 } }]],
    ['redirect to a URL with the token', [{ status: 302, headers: echoHeaders }]],
    ['network error echoing', [0, 1, 2].map(() => ({ throws: networkFailure('ECONNRESET', ECHO) }))],
  ];
}

type Operation = 'inspect' | 'revoke' | 'rotate';

function run(adapter: ForgeAdapter, operation: Operation, kind: TokenKind) {
  const token = new Secret(TOKEN);
  if (operation === 'inspect') return adapter.inspect(token, kind, { email: EMAIL });
  if (operation === 'revoke') return adapter.revoke?.(token, kind, { email: EMAIL });
  return adapter.rotate?.(token, kind, { email: EMAIL, expiresAt: '2027-01-01' });
}

const cases = forges.flatMap(({ forge, kind, create }) =>
  (['inspect', 'revoke', 'rotate'] as const)
    .filter((operation) => operation === 'inspect' || create({ apiUrl: 'https://x.example' })[operation])
    .flatMap((operation) =>
      failures(forge).map(([name, replies]) => ({ forge, kind, create, operation, name, replies })),
    ),
);

describe('redaction', () => {
  it('covers revoke (GitHub, GitLab) and rotate (GitLab)', () => {
    const covered = new Set(cases.map((c) => `${c.forge} ${c.operation}`));
    expect([...covered].sort()).toEqual([
      'bitbucket inspect',
      'github inspect',
      'github revoke',
      'gitlab inspect',
      'gitlab revoke',
      'gitlab rotate',
    ]);
  });

  it.each(cases)('$forge $operation: $name', async ({ forge, kind, create, operation, replies }) => {
    const events: RequestEvent[] = [];
    const scripted = scriptedSend(replies);
    const adapter = create({
      apiUrl: `https://${forge}.example/api`,
      ...instant,
      send: scripted.send,
      onRequest: (e) => events.push(e),
    });
    const result = await run(adapter, operation, kind);
    expect(result?.ok).toBe(false);
    const seen = JSON.stringify({ result, events });
    expect(seen).not.toContain(TOKEN);
    expect(seen).not.toContain(BASIC);
    expect(seen).not.toContain(encodeURIComponent(TOKEN));
    expect(scripted.calls.length).toBeGreaterThan(0);
  });
});
