import { rewrap, type SealContext, type SealedSecret } from '../../crypto/index.js';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  type NewToken,
  recordChecksIn,
  type Store,
  type StoreResult,
  type StoreTx,
  type TokenPatch,
  type TokenRecord,
  type TokenStore,
} from '../../store/index.js';
import { takeKeyFence } from './fence.js';
import { isRingOutdated, ringOutdated, sealingKeyRetired } from './key-errors.js';
import type { KeyWatch } from './key-watch.js';

/**
 * The store as the vault sees it, made safe against a key rotation running in another process.
 * The vault's operations stay as they are; three things change underneath them:
 * 1. every write of a sealed secret first takes the key fence, then checks which keys may seal. The
 *    database's active key, when this process holds it: a secret sealed a moment ago under the
 *    previous key is rewrapped on the way (same data key). Else the retiring key it sealed with: the
 *    rotation rewraps that row later. A retired key: refused (`master_key_mismatch`), never a row
 *    that nobody can open. When the active key is not in the ring, the transaction is rolled back,
 *    the key sources are re-read and it runs once more (store transactions may run again anyway);
 * 2. reading a sealed secret wrapped by a key the ring lacks re-reads the key sources first;
 * 3. marking a token `undecryptable` is skipped when only this process lacks its key (the database
 *    still uses it): "not loaded here" says nothing about the token, and the mark would make every
 *    other process refuse it.
 */
export function guardStore(store: Store, watch: KeyWatch): Store {
  const run = <T>(fn: (tx: StoreTx) => StoreResult<T>): StoreResult<T> =>
    guardedTransaction(store, watch, fn);
  const tokens: TokenStore = {
    ...store.tokens,
    insert: (token) => run((tx) => tx.tokens.insert(token)),
    upsertByFingerprint: (token) => run((tx) => tx.tokens.upsertByFingerprint(token)),
    update: (ownerId, id, patch) =>
      needsGuard(patch)
        ? run((tx) => tx.tokens.update(ownerId, id, patch))
        : store.tokens.update(ownerId, id, patch),
    getSealed: (ownerId, id) => reloadingFor(watch, store.tokens.getSealed(ownerId, id)),
  };
  return {
    ...store,
    tokens,
    transaction: run,
    // A write the guard must see goes through its transaction; the others as the store records them.
    recordChecks: (writes) =>
      writes.some((write) => needsGuard(write.patch))
        ? run((tx) => recordChecksIn(tx, writes))
        : store.recordChecks(writes),
  };
}

async function guardedTransaction<T>(
  store: Store,
  watch: KeyWatch,
  fn: (tx: StoreTx) => StoreResult<T>,
): StoreResult<T> {
  const attempt = () => store.transaction((tx) => fn(guardTx(tx, watch)));
  const first = await attempt();
  if (first.ok || !isRingOutdated(first.error)) return first;
  await watch.reload();
  return attempt();
}

function guardTx(tx: StoreTx, watch: KeyWatch): StoreTx {
  const tokens: TokenStore = {
    ...tx.tokens,
    async insert(token) {
      const sealed = await admitSealed(tx, watch, token.sealed, contextOf(token));
      return sealed.ok ? tx.tokens.insert({ ...token, sealed: sealed.value }) : sealed;
    },
    async upsertByFingerprint(token) {
      const sealed = await admitSealed(tx, watch, token.sealed, contextOf(token));
      return sealed.ok ? tx.tokens.upsertByFingerprint({ ...token, sealed: sealed.value }) : sealed;
    },
    async update(ownerId, id, patch) {
      if (patch.sealed !== undefined) {
        const record = await tx.tokens.get(ownerId, id);
        if (!record.ok) return record;
        const context = { tokenId: id, ownerId, forge: record.value.forge };
        const sealed = await admitSealed(tx, watch, patch.sealed, context);
        return sealed.ok ? tx.tokens.update(ownerId, id, { ...patch, sealed: sealed.value }) : sealed;
      }
      if (patch.status === 'undecryptable') return markUnlessKeyElsewhere(tx, watch, ownerId, id, patch);
      return tx.tokens.update(ownerId, id, patch);
    },
    getSealed: (ownerId, id) => reloadingFor(watch, tx.tokens.getSealed(ownerId, id)),
  };
  return { ...tx, tokens };
}

async function admitSealed(
  tx: StoreTx,
  watch: KeyWatch,
  sealed: SealedSecret,
  context: SealContext,
): Promise<Result<SealedSecret, FkError>> {
  const fenced = await takeKeyFence(tx);
  if (!fenced.ok) return fenced;
  const listed = await tx.keys.list();
  if (!listed.ok) return listed;
  const active = listed.value.find((record) => record.state === 'active') ?? null;
  if (active !== null && watch.ring.activate(active.id)) {
    if (sealed.keyId === active.id) return ok(sealed);
    // Sealed a moment ago under the key that was active then: the same data key, wrapped anew.
    return rewrap(sealed, context, watch.ring, active.id);
  }
  if (active !== null && !watch.reloadedRecently()) return err(ringOutdated(active.id));
  const own = listed.value.find((record) => record.id === sealed.keyId);
  if (own !== undefined && own.state !== 'retired') return ok(sealed);
  return err(sealingKeyRetired(sealed.keyId, active?.id ?? null));
}

async function markUnlessKeyElsewhere(
  tx: StoreTx,
  watch: KeyWatch,
  ownerId: string,
  id: string,
  patch: TokenPatch,
): Promise<Result<TokenRecord, FkError>> {
  const record = await tx.tokens.get(ownerId, id);
  if (!record.ok) return record;
  const keyId = record.value.keyId;
  if (watch.ring.get(keyId) !== undefined) return tx.tokens.update(ownerId, id, patch);
  const listed = await tx.keys.list();
  if (!listed.ok) return listed;
  const known = listed.value.find((candidate) => candidate.id === keyId);
  if (known === undefined || known.state === 'retired') return tx.tokens.update(ownerId, id, patch);
  const { status: _status, statusCode: _code, ...rest } = patch;
  return Object.keys(rest).length === 0 ? record : tx.tokens.update(ownerId, id, rest);
}

async function reloadingFor(watch: KeyWatch, pending: StoreResult<SealedSecret>): StoreResult<SealedSecret> {
  const sealed = await pending;
  if (sealed.ok && watch.ring.get(sealed.value.keyId) === undefined) await watch.reload();
  return sealed;
}

function needsGuard(patch: TokenPatch): boolean {
  return patch.sealed !== undefined || patch.status === 'undecryptable';
}

function contextOf(token: NewToken): SealContext {
  return { tokenId: token.id, ownerId: token.ownerId, forge: token.forge };
}
