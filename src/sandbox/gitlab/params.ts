import type { FastifyRequest } from 'fastify';
import type { ForgeReply } from '../forge-reply.js';

/**
 * GitLab (Grape) reads parameters from the query string and the body alike, and answers a bad one
 * with `{"error": "<name> is invalid"}` / `… is missing` / `… does not have a valid value`.
 */
export type Params = Record<string, unknown>;

export function paramsOf(request: FastifyRequest): Params {
  const query = request.query && typeof request.query === 'object' ? request.query : {};
  const body =
    request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : {};
  return { ...query, ...body };
}

export function grapeError(message: string): ForgeReply {
  return { status: 400, body: { error: message } };
}

/** Grape's one message for every missing required parameter, joined as it joins them. */
export function missing(params: Params, names: readonly string[]): ForgeReply | null {
  const absent = names.filter(
    (name) => params[name] === undefined || params[name] === null || params[name] === '',
  );
  return absent.length === 0 ? null : grapeError(absent.map((name) => `${name} is missing`).join(', '));
}

/** A Grape Boolean: `true`/`false`/`1`/`0` in a query, or a JSON boolean. */
export function booleanParam(params: Params, name: string, fallback: boolean): boolean | ForgeReply {
  const value = params[name];
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return grapeError(`${name} is invalid`);
}

export function stringParam(params: Params, name: string): string | undefined | ForgeReply {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return grapeError(`${name} is invalid`);
}

export function oneOf<T extends string>(
  params: Params,
  name: string,
  values: readonly T[],
  fallback: T,
): T | ForgeReply {
  const value = params[name];
  if (value === undefined) return fallback;
  const found = values.find((candidate) => candidate === value);
  return found ?? grapeError(`${name} does not have a valid value`);
}

export function isForgeReply(value: unknown): value is ForgeReply {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

export function routeParam(request: FastifyRequest, name: string): string {
  const params = request.params;
  if (params && typeof params === 'object' && name in params) {
    const value: unknown = Reflect.get(params, name);
    if (typeof value === 'string') return value;
  }
  return '';
}
