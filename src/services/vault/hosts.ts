import { z } from 'zod';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { FORGES, type ForgeId } from '../../domain/forge.js';
import { err, ok, type Result } from '../../domain/result.js';
import { normaliseApiUrl } from '../../forges/http/api-url.js';
import { loadForgeDefinitions } from '../../forges/load-registry.js';
import type { StoreTx } from '../../store/index.js';
import type { VaultContext } from './context.js';
import type { HostConfig } from './types.js';

/**
 * Named forge instances (self-hosted GitLab, GitHub Enterprise, the sandbox), kept in the store's
 * instance-wide settings as JSON, so `--host NAME` resolves to an API URL for every owner. The
 * public forges are built in under their web host names.
 */
const SETTING = 'vault.hosts';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

const storedSchema = z.array(z.object({ name: z.string(), forge: z.enum(FORGES), apiUrl: z.string() }));
type StoredHost = z.infer<typeof storedSchema>[number];

const BUILTIN_NAMES: Record<ForgeId, string> = {
  github: 'github.com',
  gitlab: 'gitlab.com',
  bitbucket: 'bitbucket.org',
};

async function builtins(): Promise<HostConfig[]> {
  const definitions = await loadForgeDefinitions();
  return FORGES.map((forge) => ({
    name: BUILTIN_NAMES[forge],
    forge,
    apiUrl: definitions[forge].defaultApiUrl,
    builtin: true,
  }));
}

async function readStored(tx: StoreTx): Promise<Result<StoredHost[], FkError>> {
  const value = await tx.settings.get(SETTING);
  if (!value.ok) return value;
  if (value.value === null) return ok([]);
  let json: unknown;
  try {
    json = JSON.parse(value.value);
  } catch {
    json = null;
  }
  const parsed = storedSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  return err(
    fkError('invalid_input', {
      message: `The stored host list (setting ${SETTING}) is not valid.`,
      remediation: 'Remove the hosts and add them again.',
    }),
  );
}

export async function listHosts(ctx: VaultContext): Promise<Result<HostConfig[], FkError>> {
  const stored = await readStored(ctx.store);
  if (!stored.ok) return stored;
  return ok([...(await builtins()), ...stored.value.map((host) => ({ ...host, builtin: false }))]);
}

export async function addHost(
  ctx: VaultContext,
  input: { forge: ForgeId; apiUrl: string; name?: string },
): Promise<Result<HostConfig, FkError>> {
  const apiUrl = checkApiUrl(input.apiUrl);
  if (!apiUrl.ok) return apiUrl;
  const name = input.name ?? new URL(apiUrl.value).host;
  if (!NAME.test(name)) {
    return err(
      fkError('invalid_input', {
        message: 'A host name is letters, digits, ".", "_", ":" or "-", at most 100 characters.',
      }),
    );
  }
  const host: StoredHost = { name, forge: input.forge, apiUrl: apiUrl.value };
  const taken = (await builtins()).some((builtin) => builtin.name === name);
  if (taken) return err(nameTaken(name));
  // Read-modify-write in one transaction, so two adds of different hosts keep both.
  return ctx.store.transaction(async (tx) => {
    const stored = await readStored(tx);
    if (!stored.ok) return stored;
    if (stored.value.some((existing) => existing.name === name)) return err(nameTaken(name));
    const saved = await tx.settings.set(SETTING, JSON.stringify([...stored.value, host]));
    return saved.ok ? ok({ ...host, builtin: false }) : saved;
  });
}

export async function removeHost(ctx: VaultContext, name: string): Promise<Result<HostConfig, FkError>> {
  if ((await builtins()).some((builtin) => builtin.name === name)) {
    return err(fkError('invalid_input', { message: `${name} is built in and cannot be removed.` }));
  }
  return ctx.store.transaction(async (tx) => {
    const stored = await readStored(tx);
    if (!stored.ok) return stored;
    const host = stored.value.find((existing) => existing.name === name);
    if (host === undefined) return err(fkError('not_found', { message: `No host named ${name}.` }));
    const rest = stored.value.filter((existing) => existing.name !== name);
    const saved = await tx.settings.set(SETTING, JSON.stringify(rest));
    return saved.ok ? ok({ ...host, builtin: false }) : saved;
  });
}

/** The host called `name`, or `not_found` naming the known ones. */
export async function findHost(ctx: VaultContext, name: string): Promise<Result<HostConfig, FkError>> {
  const hosts = await listHosts(ctx);
  if (!hosts.ok) return hosts;
  const host = hosts.value.find((candidate) => candidate.name === name);
  if (host !== undefined) return ok(host);
  return err(
    fkError('not_found', {
      message: `No host named ${name}.`,
      remediation: `Add it first (hosts add), or use one of: ${hosts.value.map((h) => h.name).join(', ')}.`,
    }),
  );
}

/** An http(s) URL without credentials, query or fragment, without trailing slashes. */
export function checkApiUrl(value: string): Result<string, FkError> {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return err(fkError('invalid_input', { message: 'The API URL is not a valid URL.' }));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return err(fkError('invalid_input', { message: 'The API URL must start with https:// or http://.' }));
  }
  // Credentials in a URL end up in logs; a query or fragment would be dropped by every request.
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return err(
      fkError('invalid_input', {
        message: 'The API URL must not contain a user name, password, query or fragment.',
      }),
    );
  }
  return ok(normaliseApiUrl(url.href));
}

function nameTaken(name: string): FkError {
  return fkError('conflict', {
    message: `A host named ${name} already exists.`,
    remediation: 'Choose another name (--name), or remove the existing host first.',
  });
}
