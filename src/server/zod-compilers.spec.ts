import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installZodCompilers, responseJsonSchema } from './zod-compilers.js';

const inner = z.object({ id: z.string(), name: z.string().nullable() }).meta({ id: 'Inner' });
const outer = z.object({
  items: z.array(inner),
  one: inner.nullable(),
  count: z.number().nullable(),
  extra: z.record(z.string(), z.unknown()).optional(),
});

describe('response serialisation from zod schemas', () => {
  it('folds nullable into the type and leaves no closed objects for anyOf branches', () => {
    const json = JSON.stringify(responseJsonSchema(outer));
    expect(json).toContain('"type":["number","null"]');
    expect(json).toContain('"type":["string","null"]');
    expect(json).not.toContain('"additionalProperties":false');
  });

  it('sends only the fields the schema names, at any depth, nullable or not', async () => {
    const app = Fastify({ logger: false });
    installZodCompilers(app);
    app.withTypeProvider<ZodTypeProvider>().get('/', { schema: { response: { 200: outer } } }, async () => {
      const leaky = { id: '1', name: null, secret: 'LEAK-1' };
      // More than the schema holds, as a careless handler might return.
      return {
        items: [leaky, { ...leaky, id: '2', name: 'two' }],
        one: leaky,
        count: null,
        token: 'LEAK-2',
        extra: { a: [1] },
      } as never;
    });
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('LEAK');
    expect(response.json()).toEqual({
      items: [
        { id: '1', name: null },
        { id: '2', name: 'two' },
      ],
      one: { id: '1', name: null },
      count: null,
      extra: { a: [1] },
    });
    await app.close();
  });
});
