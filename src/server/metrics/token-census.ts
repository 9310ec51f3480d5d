import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import { DEFAULT_WARN_DAYS } from '../../domain/status.js';
import { statusAt, VAULT_STATUSES, type VaultStatus } from '../../domain/vault-status.js';
import type { Vault } from '../../services/vault/index.js';
import type { RefreshCandidate, TokenStore } from '../../store/index.js';

export type StatusCounts = Record<VaultStatus, number>;

/** Counts stored tokens by status, across owners, for the `forgekeeper_tokens` gauge. */
export interface TokenCensus {
  count(): Promise<Result<StatusCounts, FkError>>;
}

const PAGE = 1_000;

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(VAULT_STATUSES.map((status) => [status, 0])) as StatusCounts;
}

/**
 * Every owner's tokens, through the store's cross-owner walk (the one the scheduler's refresh uses;
 * metadata only, paged by id), with each status as of now — so a token whose expiry entered the
 * warning window counts as `expiring` before anyone checks it, as `list` shows it. The vault has no
 * cross-owner count yet; a `GROUP BY` behind `vault.countByStatus()` would replace this walk.
 */
export function storeCensus(
  store: { tokens: Pick<TokenStore, 'listForRefresh'> },
  options: { now?: () => Date; warnDays?: number } = {},
): TokenCensus {
  const now = options.now ?? (() => new Date());
  const warnDays = options.warnDays ?? DEFAULT_WARN_DAYS;
  return {
    async count() {
      const counts = emptyCounts();
      const at = now();
      let afterId: string | null = null;
      for (;;) {
        const page: Result<RefreshCandidate[], FkError> = await store.tokens.listForRefresh({
          afterId,
          limit: PAGE,
        });
        if (!page.ok) return page;
        for (const token of page.value) {
          counts[statusAt({ ...token, statusCode: null }, at, warnDays).status] += 1;
        }
        const last = page.value.at(-1);
        if (last === undefined || page.value.length < PAGE) return ok(counts);
        afterId = last.id;
      }
    },
  };
}

/**
 * The owners named by `owners()`, through the vault's own `list` (statuses as of now). What the
 * server can count with the vault alone: the CLI's owner today, the accounts' owners once they exist.
 */
export function vaultCensus(vault: Pick<Vault, 'list'>, owners: () => readonly string[]): TokenCensus {
  return {
    async count() {
      const counts = emptyCounts();
      for (const owner of owners()) {
        const tokens = await vault.list(owner);
        if (!tokens.ok) return tokens;
        for (const token of tokens.value) counts[token.status] += 1;
      }
      return ok(counts);
    },
  };
}
