import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * The forges' own API descriptions (/work/shared/specs, `../shared/specs` from the repo root), cut
 * down to one schema and everything it references, compiled with ajv. Test support only.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SPECS = new URL('../../../../shared/specs/', import.meta.url);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadJson(file: string): JsonObject {
  const parsed: Json = JSON.parse(readFileSync(new URL(file, SPECS), 'utf8'));
  if (!isObject(parsed)) throw new Error(`${file} is not a JSON object`);
  return parsed;
}

let gitlabDoc: JsonObject | undefined;

/** The 2.3 MB GitLab YAML takes a second or two to parse, so once per test file. */
function loadGitLab(): JsonObject {
  if (!gitlabDoc) {
    const parsed: Json = parse(readFileSync(new URL('gitlab-openapi3.yaml', SPECS), 'utf8'));
    if (!isObject(parsed)) throw new Error('gitlab-openapi3.yaml is not a mapping');
    gitlabDoc = parsed;
  }
  return gitlabDoc;
}

function segments(pointer: string): string[] {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function resolve(doc: JsonObject, pointer: string): Json {
  let node: Json = doc;
  for (const part of segments(pointer)) {
    if (!isObject(node) || !(part in node)) throw new Error(`unresolvable $ref ${pointer}`);
    node = node[part] ?? null;
  }
  return node;
}

function refsIn(node: Json, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) refsIn(item, found);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else refsIn(value, found);
    }
  }
}

function child(parent: JsonObject, key: string): JsonObject {
  const existing = parent[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

/** `{ $ref: pointer, <container>: { …only the schemas reachable from pointer } }`, deep-copied. */
export function extractSchema(doc: JsonObject, pointer: string): JsonObject {
  const needed = new Set<string>([pointer]);
  const queue = [pointer];
  while (queue.length > 0) {
    const found = new Set<string>();
    refsIn(resolve(doc, queue.pop()!), found);
    for (const ref of found) {
      if (!needed.has(ref)) {
        needed.add(ref);
        queue.push(ref);
      }
    }
  }
  const root: JsonObject = { $ref: pointer };
  for (const ref of needed) {
    const path = segments(ref);
    let container = root;
    for (const part of path.slice(0, -1)) container = child(container, part);
    container[path.at(-1)!] = structuredClone(resolve(doc, ref));
  }
  return root;
}

export function githubSchema(name: string): JsonObject {
  return extractSchema(loadJson('github-openapi-subset.json'), `#/components/schemas/${name}`);
}

export function gitlabSchema(name: string): JsonObject {
  return extractSchema(loadGitLab(), `#/components/schemas/${name}`);
}

export function bitbucketSchema(definition: string): JsonObject {
  return extractSchema(loadJson('bitbucket-swagger.json'), `#/definitions/${definition}`);
}

/**
 * ajv for OpenAPI-flavoured schemas: `nullable` is understood, vendor keywords (`example`,
 * `x-github-…`, Swagger's string `discriminator`) are ignored, OpenAPI's int formats accepted.
 */
export function compile(schema: JsonObject): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormatsModule.default(ajv);
  ajv.addFormat('int32', true);
  ajv.addFormat('int64', true);
  return ajv.compile(schema);
}

/** Human-readable ajv errors, for assertion messages. */
export function explain(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors ?? [], null, 2);
}

/** The property schemas of an extracted component, to adjust where forges.md overrides the spec. */
export function propertiesOf(root: JsonObject, container: string[], name: string): JsonObject {
  let node: Json = root;
  for (const part of [...container, name, 'properties']) {
    if (!isObject(node)) throw new Error(`no ${part}`);
    node = node[part] ?? null;
  }
  if (!isObject(node)) throw new Error(`${name} has no properties`);
  return node;
}

/**
 * A GitLab token schema with the corrections specs/README.md and forges.md §2.3 make: `expires_at`
 * is a date (`YYYY-MM-DD`) or null, and `last_used_at` / `description` are null until set.
 */
export function gitlabTokenValidator(name: string): ValidateFunction {
  const schema = gitlabSchema(name);
  const properties = propertiesOf(schema, ['components', 'schemas'], name);
  properties.expires_at = { type: 'string', format: 'date', nullable: true };
  properties.last_used_at = { type: 'string', format: 'date-time', nullable: true };
  properties.description = { type: 'string', nullable: true };
  return compile(schema);
}
