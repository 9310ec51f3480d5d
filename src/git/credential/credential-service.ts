import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import type { TokenView, Vault } from '../../services/vault/index.js';
import { hostFor, loadCandidates, loadRules } from './candidates.js';
import { type GitTarget, matchLocation, targetOf } from './git-location.js';
import { name, refusalOf, type Selection, selectToken } from './select-token.js';
import { gitUsername } from './usernames.js';
import type { CredentialQuery, CredentialReply } from './wire.js';

/** What one query came to: the reply, a note for stderr, and work that may finish after replying. */
export interface CredentialOutcome {
  reply: CredentialReply | null;
  /** One line for the helper to print on stderr (why nothing was stored, …); null when all is well. */
  note: string | null;
  /** The re-check of a token git rejected; the caller decides whether to wait for it. */
  followUp: ((signal: AbortSignal) => Promise<void>) | null;
}

export interface CredentialService {
  answer(query: CredentialQuery, ownerId: string, actor: string): Promise<Result<CredentialOutcome, FkError>>;
  /** Selection without opening any token: what `git doctor` explains. */
  explain(query: CredentialQuery, ownerId: string): Promise<Result<Selection, FkError>>;
}

/** How long a served token is remembered, so git's `store` right after `get` costs no decryption. */
const SERVED_TTL_MS = 10 * 60 * 1000;
const SERVED_MAX = 256;

/** The URL git asked about, as the audit log and `withToken`'s purpose name it. */
const urlOf = (query: CredentialQuery): string =>
  `${query.protocol}://${query.host}${query.path === undefined ? '' : `/${query.path}`}`;

const nothing = (note: string | null = null): CredentialOutcome => ({ reply: null, note, followUp: null });

/**
 * The git credential helper's answers over a vault: `get` selects a token (select-token.ts) and
 * lends it through `withToken` (audited as a use); `store` keeps a credential that is not in the
 * vault yet (`vault.add`: checked offline, inspected, sealed); `erase` of a vault token marks it
 * suspect and re-checks it at the forge instead of deleting it. Shared by the local agent, the
 * in-process fallback and the server's endpoint. It keeps, in memory only, keyed hashes of the
 * tokens it served lately: git `store`s every credential that worked, and recognising it must not
 * open every token of the host again.
 */
export function createCredentialService(vault: Vault, now: () => Date = () => new Date()): CredentialService {
  const hmacKey = randomBytes(32);
  const served = new Map<string, { ownerId: string; tokenId: string; at: number }>();
  const digest = (ownerId: string, password: string) =>
    createHmac('sha256', hmacKey).update(ownerId).update('\0').update(password).digest('base64');

  const remember = (ownerId: string, tokenId: string, password: string) => {
    if (served.size >= SERVED_MAX) served.delete(served.keys().next().value ?? '');
    served.set(digest(ownerId, password), { ownerId, tokenId, at: Date.now() });
  };
  const recall = (ownerId: string, password: string): string | null => {
    const key = digest(ownerId, password);
    const hit = served.get(key);
    if (hit === undefined || hit.ownerId !== ownerId) return null;
    if (Date.now() - hit.at > SERVED_TTL_MS) {
      served.delete(key);
      return null;
    }
    return hit.tokenId;
  };

  async function select(query: CredentialQuery, ownerId: string) {
    const [candidates, rules] = await Promise.all([
      loadCandidates(vault, ownerId),
      loadRules(vault, ownerId),
    ]);
    if (!candidates.ok) return candidates;
    if (!rules.ok) return rules;
    const target = targetOf(query.protocol, query.host, query.path);
    const selection = selectToken({
      target,
      username: query.username ?? null,
      candidates: candidates.value,
      rules: rules.value,
      now: now(),
    });
    return ok({ selection, target, candidates: candidates.value });
  }

  async function get(
    query: CredentialQuery,
    ownerId: string,
    actor: string,
  ): Promise<Result<CredentialOutcome, FkError>> {
    const token =
      query.tokenId === undefined ? await selected(query, ownerId) : await named(query.tokenId, ownerId);
    if (!token.ok) return token;
    if (token.value === null) return ok(nothing());
    return lend(query, ownerId, actor, token.value);
  }

  async function selected(
    query: CredentialQuery,
    ownerId: string,
  ): Promise<Result<TokenView | null, FkError>> {
    const found = await select(query, ownerId);
    return found.ok ? ok(found.value.selection.token) : found;
  }

  /** `get` naming a token (forgekeeper exec): that token, when it may be used. */
  async function named(tokenId: string, ownerId: string): Promise<Result<TokenView | null, FkError>> {
    const token = await vault.show(ownerId, tokenId);
    if (!token.ok) return token;
    return ok(refusalOf(token.value, now()) === null ? token.value : null);
  }

  async function lend(
    query: CredentialQuery,
    ownerId: string,
    actor: string,
    token: TokenView,
  ): Promise<Result<CredentialOutcome, FkError>> {
    const username = gitUsername(
      token.forge,
      token.kind,
      token.account?.login ?? null,
      query.username ?? null,
    );
    if (username === null)
      return ok(nothing(`${name(token)} has no known account name for git; check it (tokens check).`));
    const purpose = query.tokenId !== undefined ? 'forgekeeper exec' : `git ${urlOf(query)}`;
    const lent = await vault.withToken(
      ownerId,
      { id: token.id },
      purpose,
      async (secret, record) => ({ password: secret.reveal(), expiresAt: record.expiresAt }),
      actor,
    );
    // A token withToken refuses (it expired a moment ago, it does not decrypt) is not offered either.
    if (!lent.ok) return ok(nothing(`${name(token)} cannot be used: ${lent.error.message}`));
    remember(ownerId, token.id, lent.value.password);
    return ok({
      reply: { username, password: lent.value.password, expiresAt: lent.value.expiresAt, tokenId: token.id },
      note: null,
      followUp: null,
    });
  }

  /**
   * The credential a `store` or `erase` carries, and which vault token has its text (`id`, null if
   * none), among the hint and the host's tokens; null when git sent no password.
   */
  async function findStored(
    query: CredentialQuery,
    ownerId: string,
    actor: string,
  ): Promise<Result<{ password: string; target: GitTarget; id: string | null } | null, FkError>> {
    const password = query.password;
    if (password === undefined) return ok(null);
    const loaded = await loadCandidates(vault, ownerId);
    if (!loaded.ok) return loaded;
    const candidates = loaded.value;
    const target = targetOf(query.protocol, query.host, query.path);
    const remembered = recall(ownerId, password);
    if (remembered !== null && candidates.some((c) => c.token.id === remembered))
      return ok({ password, target, id: remembered });
    const onHost = candidates.filter(
      (c) => c.location !== null && matchLocation(c.location, target).type !== 'no',
    );
    const ids = [
      ...(query.tokenId === undefined ? [] : [query.tokenId]),
      ...onHost.map((c) => c.token.id).filter((id) => id !== query.tokenId),
    ];
    const wanted = Buffer.from(password);
    for (const id of ids) {
      if (!candidates.some((c) => c.token.id === id)) continue;
      const same = await vault.withToken(
        ownerId,
        { id },
        `git credential ${query.action}: is this the stored token?`,
        async (secret) => {
          const stored = Buffer.from(secret.reveal());
          return stored.length === wanted.length && timingSafeEqual(stored, wanted);
        },
        actor,
      );
      if (same.ok && same.value) return ok({ password, target, id });
    }
    return ok({ password, target, id: null });
  }

  async function store(
    query: CredentialQuery,
    ownerId: string,
    actor: string,
  ): Promise<Result<CredentialOutcome, FkError>> {
    const found = await findStored(query, ownerId, actor);
    if (!found.ok) return found;
    if (found.value === null || found.value.id !== null) return ok(nothing());
    const { password, target } = found.value;
    const host = await hostFor(vault, ownerId, target);
    if (!host.ok) return host;
    if (host.value === null) return ok(nothing());
    const email = query.username?.includes('@') ? query.username : undefined;
    const added = await vault.add({
      ownerId,
      raw: password,
      forge: host.value.forge,
      apiUrl: host.value.apiUrl,
      ...(email === undefined ? {} : { email }),
      actor,
    });
    if (!added.ok) return ok(nothing(`the credential git approved was not stored: ${added.error.message}`));
    return ok(nothing(added.value.notice));
  }

  async function erase(
    query: CredentialQuery,
    ownerId: string,
    actor: string,
  ): Promise<Result<CredentialOutcome, FkError>> {
    const found = await findStored(query, ownerId, actor);
    if (!found.ok) return found;
    const id = found.value?.id ?? null;
    if (id === null) return ok(nothing());
    // The forge refused the token for this request. That may be the repository (no access), not the
    // token: mark it suspect, never delete it, and let a check at the forge say what it is.
    const marked = await vault.store.transaction(async (tx) => {
      const updated = await tx.tokens.update(ownerId, id, { status: 'suspect', statusCode: null });
      if (!updated.ok) return updated;
      return tx.audit.append({
        ownerId,
        actor,
        action: 'git-reject',
        tokenId: id,
        forge: updated.value.forge,
        target: urlOf(query),
        outcome: 'ok',
      });
    });
    if (!marked.ok) return marked;
    served.clear();
    const followUp = async (signal: AbortSignal) => {
      await vault.check({ ownerId, id, actor, signal });
    };
    return ok({ reply: null, note: null, followUp });
  }

  return {
    answer(query, ownerId, actor) {
      if (query.action === 'get') return get(query, ownerId, actor);
      if (query.action === 'store') return store(query, ownerId, actor);
      return erase(query, ownerId, actor);
    },
    async explain(query, ownerId) {
      const selected = await select(query, ownerId);
      return selected.ok ? ok(selected.value.selection) : selected;
    },
  };
}
