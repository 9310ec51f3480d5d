import { type FkError, fkError, isFkError } from '../../domain/errors/error.js';
import { FORGE_NAMES } from '../../domain/forge.js';
import { err, ok, type Result } from '../../domain/result.js';
import { Secret } from '../../domain/secret.js';
import { UNUSABLE } from '../../domain/vault-status.js';
import type { TokenRecord } from '../../store/index.js';
import { auditBestEffort, type VaultContext } from './context.js';
import { openSecret, toView } from './records.js';
import { apiUrlOrDefault } from './target.js';
import type { TokenSelector, TokenView } from './types.js';

const MAX_PURPOSE = 200;

/**
 * A Secret lent for the duration of one `withToken` call: once the call settles it stops revealing,
 * so a reference kept by mistake (a closure, a cache) cannot leak the token later. Printing it
 * still shows the mask.
 */
class LeasedSecret extends Secret {
  #expired = false;

  override reveal(): string {
    if (this.#expired) throw new Error('This token was lent for one withToken call, which has ended.');
    return super.reveal();
  }

  expire(): void {
    this.#expired = true;
  }
}

export interface UseRequest<T> {
  ownerId: string;
  selector: TokenSelector;
  purpose: string;
  fn: (secret: Secret, record: TokenView) => Promise<T>;
  actor: string;
}

/**
 * The only way to a plaintext token: finds it, refuses it when it cannot work (expired — by its
 * stored expiry too —, invalid, undecryptable), lends it to `fn`, and records the use (audit event
 * and last used). An `fn` that answers an error Result is recorded as a failed use with its code.
 */
export async function withToken<T>(ctx: VaultContext, request: UseRequest<T>): Promise<Result<T, FkError>> {
  const found = await selectRecord(ctx, request.ownerId, request.selector);
  const event = {
    ownerId: request.ownerId,
    actor: request.actor,
    action: 'use',
    target: request.purpose.slice(0, MAX_PURPOSE),
  };
  if (!found.ok) {
    await auditBestEffort(ctx, { ...event, outcome: 'error', errorCode: found.error.code });
    return found;
  }
  const record = found.value;
  const view = toView(ctx, record);
  const scoped = { ...event, tokenId: record.id, forge: record.forge };
  const refusal = refusalOf(view);
  const opened = refusal === null ? await openSecret(ctx, record) : err(refusal);
  if (!opened.ok) {
    await auditBestEffort(ctx, { ...scoped, outcome: 'error', errorCode: opened.error.code });
    return opened;
  }
  const lease = new LeasedSecret(opened.value.reveal());
  // A purpose is the caller's text: should it quote the token, the audit log keeps the mask only.
  const target = scoped.target.split(lease.reveal()).join(lease.mask());
  let value: T;
  try {
    value = await request.fn(lease, view);
  } catch (error) {
    await auditBestEffort(ctx, { ...scoped, target, outcome: 'error' });
    throw error;
  } finally {
    lease.expire();
  }
  const failure = failureOf(value);
  await ctx.store.transaction(async (tx) => {
    const used = await tx.tokens.update(record.ownerId, record.id, { lastUsedAt: ctx.now().toISOString() });
    if (!used.ok) return used;
    return tx.audit.append({
      ...scoped,
      target,
      outcome: failure === null ? 'ok' : 'error',
      errorCode: failure?.code ?? null,
    });
  });
  // The use has happened; failing to record it (the store down) does not undo or hide its result.
  return ok(value);
}

function refusalOf(view: TokenView): FkError | null {
  if (!UNUSABLE.has(view.status)) return null;
  if (view.status === 'expired') return fkError('token_expired', { details: { tokenId: view.id } });
  if (view.status === 'undecryptable')
    return fkError('token_undecryptable', { details: { tokenId: view.id } });
  return fkError(view.statusCode === 'token_revoked' ? 'token_revoked' : 'bad_credentials', {
    message: 'The forge rejected this token at its last check.',
    details: { tokenId: view.id },
  });
}

function failureOf(value: unknown): FkError | null {
  if (typeof value !== 'object' || value === null) return null;
  const result = value as { ok?: unknown; error?: unknown };
  return result.ok === false && isFkError(result.error) ? result.error : null;
}

/** By id, by label, or a host's token: its default, or its only token. */
export async function selectRecord(
  ctx: VaultContext,
  ownerId: string,
  selector: TokenSelector,
): Promise<Result<TokenRecord, FkError>> {
  if ('id' in selector) return ctx.store.tokens.get(ownerId, selector.id);
  if ('label' in selector) {
    const all = await ctx.store.tokens.list(ownerId);
    if (!all.ok) return all;
    const matches = all.value.filter((record) => record.label === selector.label);
    return one(matches, `labelled "${selector.label}"`, null);
  }
  const apiUrl = await apiUrlOrDefault(selector.forge, selector.apiUrl);
  const tokens = await ctx.store.tokens.list(ownerId, { forge: selector.forge, apiUrl });
  if (!tokens.ok) return tokens;
  const preferred = tokens.value.find((record) => record.isDefault);
  if (preferred !== undefined) return ok(preferred);
  return one(
    tokens.value,
    `for ${FORGE_NAMES[selector.forge]} at ${apiUrl}`,
    'Make one the default (setDefault).',
  );
}

function one(matches: TokenRecord[], what: string, hint: string | null): Result<TokenRecord, FkError> {
  const [first, second] = matches;
  if (first !== undefined && second === undefined) return ok(first);
  if (first === undefined) return err(fkError('not_found', { message: `No token ${what}.` }));
  return err(
    fkError('conflict', {
      message: `Several tokens ${what}; say which one.`,
      remediation: hint ?? 'Select the token by id.',
    }),
  );
}
