import { ok } from '../../domain/result.js';
import { addToken } from './add.js';
import { checkToken } from './check.js';
import type { VaultContext } from './context.js';
import { addHost, listHosts, removeHost } from './hosts.js';
import { listTokens, setDefault, setLabel, showToken } from './metadata.js';
import { refreshAll } from './refresh-all.js';
import { removeToken } from './remove.js';
import { rotateToken } from './rotate.js';
import type { Vault } from './types.js';
import { withToken } from './with-token.js';

/** The CLI's actor name, used when a caller does not say who acts. */
export const CLI_ACTOR = 'cli';

const DEFAULT_AUDIT_PAGE = 50;

/** Composes the operations over one context. Each lives in its own module. */
export function createVault(ctx: VaultContext, notices: readonly string[]): Vault {
  let closed: Promise<void> | null = null;
  return {
    notices,
    store: ctx.store,
    add: (input) => addToken(ctx, input),
    list: (ownerId, filter) => listTokens(ctx, ownerId, filter),
    show: (ownerId, id) => showToken(ctx, ownerId, id),
    check: (input) => checkToken(ctx, input),
    refreshAll: (input) => refreshAll(ctx, input),
    remove: (input) => removeToken(ctx, input),
    rotate: (input) => rotateToken(ctx, input),
    setDefault: (ownerId, id, actor = CLI_ACTOR) => setDefault(ctx, ownerId, id, actor),
    setLabel: (ownerId, id, label, actor = CLI_ACTOR) => setLabel(ctx, ownerId, id, label, actor),
    withToken: (ownerId, selector, purpose, fn, actor = CLI_ACTOR) =>
      withToken(ctx, { ownerId, selector, purpose, fn, actor }),
    async audit(ownerId, filter = {}) {
      const { limit, cursor, ...rest } = filter;
      const page = await ctx.store.audit.list(ownerId, {
        ...rest,
        limit: limit ?? DEFAULT_AUDIT_PAGE,
        cursor: cursor ?? null,
      });
      return page.ok ? ok(page.value) : page;
    },
    addHost: (input) => addHost(ctx, input),
    listHosts: () => listHosts(ctx),
    removeHost: (name) => removeHost(ctx, name),
    close() {
      closed ??= ctx.store.close();
      return closed;
    },
  };
}
