import type { FingerprintKey, KeyRing } from '../../crypto/index.js';
import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import { type AdapterFor, createAdapterCache } from '../../forges/adapter-cache.js';
import type { AdapterOptions } from '../../forges/types.js';
import { LOCAL_OWNER_ID, type NewAuditEvent, type Store } from '../../store/index.js';
import { ViewListMemo } from './view-list-memo.js';

/** What every vault operation works with. Built once by `openVault`; holds no token. */
export interface VaultContext {
  readonly store: Store;
  readonly ring: KeyRing;
  readonly fingerprintKey: FingerprintKey;
  readonly now: () => Date;
  readonly warnDays: number;
  readonly adapterOptions: Omit<AdapterOptions, 'apiUrl'>;
  /** The adapter for a forge and API URL, built once per vault with `adapterOptions`. */
  readonly adapterFor: AdapterFor;
  /** The lists `list` handed out last, kept while nothing in them changed (view-list-memo.ts). */
  readonly lists: ViewListMemo;
  /** Creates the owner on first use; remembered per vault so it costs one statement per owner. */
  ensureOwner(ownerId: string): Promise<Result<void, FkError>>;
}

export function createContext(
  parts: Omit<VaultContext, 'ensureOwner' | 'adapterFor' | 'lists'>,
): VaultContext {
  const known = new Set<string>();
  return {
    ...parts,
    adapterFor: createAdapterCache(parts.adapterOptions),
    lists: new ViewListMemo(),
    async ensureOwner(ownerId) {
      if (known.has(ownerId)) return ok(undefined);
      const kind = ownerId === LOCAL_OWNER_ID ? 'local' : 'user';
      const ensured = await parts.store.owners.ensure({ id: ownerId, name: ownerId, kind });
      if (!ensured.ok) return ensured;
      known.add(ownerId);
      return ok(undefined);
    },
  };
}

/**
 * Records an event that has no write to go with (a refusal, a failed call). The outcome the caller
 * returns matters more than its trace: a failing audit write does not turn it into another error.
 * Events that accompany a write are appended in the write's transaction instead.
 */
export async function auditBestEffort(ctx: VaultContext, event: NewAuditEvent): Promise<void> {
  await ctx.store.audit.append(event);
}
