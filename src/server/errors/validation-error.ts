import type { FastifySchemaValidationError } from 'fastify';
import { fkError } from '../../domain/errors/error.js';
import { detectToken } from '../../domain/tokens/detect-token.js';
import type { ServerError } from './error-body.js';

/** One field at fault, as the error body's `details.fields` lists it. */
export interface FieldProblem {
  /** Where: `body.label`, `query.limit`, `params.id`. */
  field: string;
  /** What is wrong, from the schema only: never the submitted value. */
  problem: string;
}

const MESSAGE_FIELDS = 3;
/** A field name we repeat back: an identifier of reasonable length that is not a token. */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

const CONTEXT_NAMES: Record<string, string> = { querystring: 'query' };

/**
 * Turns schema validation errors into `invalid_input`. What the body says comes from the schema
 * (the field's name, the expected type, bounds, allowed values), never from the request: a token
 * pasted into the wrong field, or sent as a field *name*, is not echoed. Validator messages are not
 * used at all, since zod's and JSON.parse's quote input.
 */
export function validationError(
  errors: readonly FastifySchemaValidationError[],
  context: string | undefined,
): ServerError {
  const fields = errors.map((error) => describe(error, context));
  const listed = fields.slice(0, MESSAGE_FIELDS).map((field) => `${field.field} ${field.problem}`);
  const more = fields.length > MESSAGE_FIELDS ? ` (and ${fields.length - MESSAGE_FIELDS} more)` : '';
  return fkError('invalid_input', {
    message: `The request is not valid: ${listed.join('; ')}${more}.`,
    remediation: 'Correct the fields named and send the request again. The API reference is at /docs.',
    details: { fields },
  });
}

function describe(error: FastifySchemaValidationError, context: string | undefined): FieldProblem {
  const where = CONTEXT_NAMES[context ?? ''] ?? context ?? 'request';
  const path = error.instancePath
    .split('/')
    .filter((segment) => segment !== '')
    .map(safeName);
  return { field: [where, ...path].join('.'), problem: problemOf(error.keyword, error.params) };
}

/** Schema facts only; each branch reads parameters that come from the schema, not the input. */
function problemOf(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'invalid_type':
      return params.expected === undefined
        ? 'has the wrong type'
        : `must be ${article(String(params.expected))}`;
    case 'too_small':
      return `must be at least ${bound(params.minimum, params.origin)}`;
    case 'too_big':
      return `must be at most ${bound(params.maximum, params.origin)}`;
    case 'invalid_format':
      return `must be a valid ${typeof params.format === 'string' ? params.format : 'value'}`;
    case 'invalid_value':
      return `must be one of: ${allowedValues(params.values)}`;
    case 'unrecognized_keys':
      return `has unknown fields${unknownKeys(params.keys)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(params.divisor)}`;
    case 'invalid_union':
      return 'does not match any allowed shape';
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid element';
    case 'required':
      return 'is required';
    default:
      return 'is not valid';
  }
}

function bound(value: unknown, origin: unknown): string {
  const n = typeof value === 'bigint' || typeof value === 'number' ? String(value) : '?';
  if (origin === 'string') return `${n} characters long`;
  if (origin === 'array' || origin === 'set') return `${n} items`;
  return n;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function allowedValues(values: unknown): string {
  if (!Array.isArray(values)) return '(see the API reference)';
  return values.map((value) => (typeof value === 'string' ? safeName(value) : String(value))).join(', ');
}

function unknownKeys(keys: unknown): string {
  if (!Array.isArray(keys) || keys.length === 0) return '';
  return `: ${keys.map((key) => safeName(String(key))).join(', ')}`;
}

/** A path segment or key as we may repeat it: array indices and plain names; anything else is `*`. */
function safeName(segment: string): string {
  if (/^\d{1,6}$/.test(segment)) return segment;
  if (SAFE_NAME.test(segment) && detectToken(segment).forge === null) return segment;
  return '*';
}
