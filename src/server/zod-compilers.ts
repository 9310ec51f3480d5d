import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** Fastify's own response serialiser (fast-json-stringify), fed JSON schemas converted from zod. */
const compileJson = SerializerSelector()(undefined, {});

/**
 * Route schemas are zod schemas: requests are validated with them (zod), and responses are
 * serialised from them — converted once per route to a JSON schema and compiled with
 * fast-json-stringify, as Fastify does with JSON schemas. Every object is closed
 * (`additionalProperties: false`), so a field that is not in the response schema is not sent: a
 * second guard against leaking. Validating each answer with zod instead cost more than the list
 * query itself (bench `server-api`, docs/server.md "Performance").
 */
export function installZodCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(({ schema, method, url, httpStatus }) => {
    const json = schema instanceof z.ZodType ? responseJsonSchema(schema) : (schema as JsonSchema);
    return compileJson({ schema: json, method, url, httpStatus: httpStatus ?? 'default' });
  });
}

/**
 * The JSON schema fast-json-stringify compiles for a zod response schema: zod's output shape, with
 * `anyOf [X, null]` (zod's nullable) folded into X with `null` among its types, which
 * fast-json-stringify serialises directly instead of testing each branch, and without
 * `additionalProperties: false` (fast-json-stringify never writes unnamed properties anyway).
 */
export function responseJsonSchema(schema: ZodType): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-7',
    unrepresentable: 'any',
    reused: 'inline',
    cycles: 'ref',
  });
  return foldNullable(converted) as JsonSchema;
}

function foldNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(foldNullable);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    // fast-json-stringify writes only the properties a schema names whatever this says; but when
    // it picks an `anyOf` branch with ajv, `false` would make an answer with more fields match none.
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = foldNullable(value);
  }
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullIndex = anyOf.findIndex((branch) => isObject(branch) && branch.type === 'null');
    const other: unknown = anyOf[1 - nullIndex];
    if (nullIndex !== -1 && isObject(other) && typeof other.type === 'string' && other.anyOf === undefined) {
      const { anyOf: _dropped, ...rest } = out;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
