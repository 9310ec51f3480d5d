import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fkError } from '../../domain/errors/error.js';
import { recordCanary } from '../../sandbox/canary.js';
import { githubClassicToken, gitlabPersonalToken } from '../../sandbox/token-formats.js';
import { useApp } from '../testing/app-fixture.js';
import { ApiError } from './api-error.js';
import { errorBodySchema } from './error-body.js';

// Canary tokens: the suite's final scan fails if any of them lands in a file.
const TOKEN = githubClassicToken();
const OTHER = gitlabPersonalToken('routable', 42);
recordCanary(TOKEN);
recordCanary(OTHER);

function testRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.post(
    '/test/things',
    {
      schema: {
        body: z.strictObject({
          label: z.string().max(10),
          forge: z.enum(['github', 'gitlab', 'bitbucket']).optional(),
          count: z.number().int().optional(),
        }),
        querystring: z.object({ limit: z.coerce.number().int().max(100).optional() }),
      },
    },
    async () => ({ ok: true }),
  );
  routes.get('/test/boom', async () => {
    throw new Error(`driver failed while handling ${TOKEN}`);
  });
  routes.get('/test/fk', async () => {
    throw fkError('conflict', { message: `Duplicate of ${TOKEN}.`, details: { seen: TOKEN } });
  });
  routes.get('/test/api-error', async () => {
    throw new ApiError(fkError('wrong_forge', { message: 'This looks like a GitLab token.' }));
  });
}

describe('the one error body', () => {
  const fixture = useApp({ extend: testRoutes });
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    fixture.app.inject({ method: 'POST', url: '/test/things', payload: payload as object, headers });

  function expectErrorBody(body: unknown, code: string) {
    const parsed = errorBodySchema.parse(body);
    expect(parsed.error.code).toBe(code);
    expect(parsed.error.message.length).toBeGreaterThan(5);
    expect(parsed.error.remediation.length).toBeGreaterThan(5);
    return parsed;
  }

  it('answers an unknown route with not_found and the request id', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/nowhere' });
    expect(response.statusCode).toBe(404);
    const body = expectErrorBody(response.json(), 'not_found');
    expect(body.requestId).toBe(response.headers['x-request-id']);
  });

  it('names the invalid fields from the schema and never echoes what was sent', async () => {
    const response = await post({ label: TOKEN, forge: OTHER, count: 'many' });
    expect(response.statusCode).toBe(400);
    const body = expectErrorBody(response.json(), 'invalid_input');
    expect(body.error.details).toEqual({
      fields: [
        { field: 'body.label', problem: 'must be at most 10 characters long' },
        { field: 'body.forge', problem: 'must be one of: github, gitlab, bitbucket' },
        { field: 'body.count', problem: 'must be a number' },
      ],
    });
    expect(body.error.message).toContain('body.label');
    expect(response.body).not.toContain(TOKEN);
    expect(response.body).not.toContain(OTHER);
    expect(response.body).not.toContain('many');
  });

  it('does not repeat a token sent as a field name', async () => {
    const response = await post({ label: 'ok', [TOKEN]: 1 });
    expect(response.statusCode).toBe(400);
    const body = expectErrorBody(response.json(), 'invalid_input');
    expect(body.error.details).toEqual({ fields: [{ field: 'body', problem: 'has unknown fields: *' }] });
    expect(response.body).not.toContain(TOKEN);
  });

  it('names invalid query parameters as query.*', async () => {
    const response = await fixture.app.inject({
      method: 'POST',
      url: '/test/things?limit=1000',
      payload: { label: 'ok' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('query.limit');
  });

  it('refuses malformed JSON without quoting it', async () => {
    const response = await post(`{"label": "${TOKEN}`, { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.json(), 'invalid_input');
    expect(response.body).not.toContain(TOKEN);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const response = await post({ label: 'x'.repeat(70 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(expectErrorBody(response.json(), 'invalid_input').error.message).toMatch(/too large/);
  });

  it('refuses a content type it does not parse with 415', async () => {
    const response = await post('label=x', {
      'content-type': `application/x-www-form-urlencoded; t=${TOKEN}`,
    });
    expect(response.statusCode).toBe(415);
    expectErrorBody(response.json(), 'invalid_input');
    expect(response.body).not.toContain(TOKEN);
  });

  it('answers an unexpected failure with internal_error and logs it without the token', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/test/boom' });
    expect(response.statusCode).toBe(500);
    const body = expectErrorBody(response.json(), 'internal_error');
    expect(response.body).not.toContain('driver failed');
    const logged = fixture.log
      .lines()
      .find((line) => line.reqId === body.requestId && line.msg === 'request failed');
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('driver failed');
    expect(fixture.log.text).not.toContain(TOKEN);
  });

  it('answers a thrown catalogue error with its status, scrubbed of token text', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/test/fk' });
    expect(response.statusCode).toBe(409);
    const body = expectErrorBody(response.json(), 'conflict');
    expect(body.error.message).toMatch(/^Duplicate of ghp_…/);
    expect(response.body).not.toContain(TOKEN);
  });

  it('answers an ApiError with the catalogue status', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/test/api-error' });
    expect(response.statusCode).toBe(400);
    expect(expectErrorBody(response.json(), 'wrong_forge').error.message).toBe(
      'This looks like a GitLab token.',
    );
  });

  it('logs no token text from headers, URLs, queries or bodies', async () => {
    await fixture.app.inject({
      method: 'POST',
      url: `/test/things?token=${TOKEN}`,
      payload: { label: TOKEN, password: OTHER },
      headers: {
        authorization: `Bearer ${TOKEN}`,
        cookie: `session=${OTHER}`,
        'private-token': TOKEN,
        'x-request-id': TOKEN,
      },
    });
    await fixture.app.inject({ method: 'GET', url: `/tokens/${TOKEN}/${encodeURIComponent(OTHER)}` });
    const text = fixture.log.text;
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(OTHER);
    expect(text).not.toContain(TOKEN.slice(4, 30));
    const requests = fixture.log.lines().filter((line) => line.msg === 'request');
    expect(requests.map((line) => line.url)).toEqual(
      expect.arrayContaining(['/test/things?…', '/tokens/…/…']),
    );
  });
});
