import { describe, expect, it } from 'vitest';
import { ATLASSIAN_API_TOKENS_URL } from '../../../domain/capabilities/index.js';
import type { ForgeId } from '../../../domain/forge.js';
import { bitbucketApiToken, githubClassic, gitlabPersonal } from '../../../sandbox/testing/factories.js';
import { DAY_MS, failure, inDays, type LifecycleContext, unwrap } from './lifecycle-context.js';

/** remove (with revocation), rotate, defaults, labels, hosts. */
export function manageSuite(get: () => LifecycleContext): void {
  const add = async (ctx: LifecycleContext, ownerId: string, raw: string, forge: ForgeId, extra = {}) =>
    unwrap(await ctx.vault.add({ ownerId, raw, apiUrl: ctx.apiUrl(forge), actor: 'cli', ...extra })).record;

  describe('remove', () => {
    it('deletes the record and audits it', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic());
      const record = await add(ctx, ownerId, issued.token, 'github');
      const removed = unwrap(await ctx.vault.remove({ ownerId, id: record.id, actor: 'cli' }));
      expect(removed.revocation).toEqual({ type: 'not_requested' });
      expect(unwrap(await ctx.vault.list(ownerId))).toEqual([]);
      expect(unwrap(await ctx.vault.audit(ownerId, { action: 'remove' })).items).toHaveLength(1);
    });

    it('says how to revoke a Bitbucket API token by hand', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(bitbucketApiToken());
      const record = await add(ctx, ownerId, issued.token, 'bitbucket', { email: 'bucky@example.com' });
      const removed = unwrap(await ctx.vault.remove({ ownerId, id: record.id, revoke: true, actor: 'cli' }));
      expect(removed.revocation).toMatchObject({ type: 'manual', manual: { url: ATLASSIAN_API_TOKENS_URL } });
      expect(unwrap(await ctx.vault.list(ownerId))).toEqual([]);
    });

    it('revokes a GitLab token at the forge before deleting it', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 30) }));
      const record = await add(ctx, ownerId, issued.token, 'gitlab');
      const removed = unwrap(await ctx.vault.remove({ ownerId, id: record.id, revoke: true, actor: 'cli' }));
      expect(removed.revocation).toEqual({ type: 'revoked', outcome: 'revoked' });
      expect((await ctx.sandbox.control.getToken(issued.id)).status).toBe('revoked');
      expect(unwrap(await ctx.vault.audit(ownerId, { action: 'revoke' })).items[0]?.outcome).toBe('ok');
    });

    it('submits a GitHub token for revocation before deleting it', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic());
      const record = await add(ctx, ownerId, issued.token, 'github');
      const removed = unwrap(await ctx.vault.remove({ ownerId, id: record.id, revoke: true, actor: 'cli' }));
      expect(removed.revocation).toMatchObject({ type: 'revoked' });
      expect((await ctx.sandbox.control.getToken(issued.id)).status).toBe('revoked');
    });

    it('keeps the token when revoking fails transiently', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 30) }));
      const record = await add(ctx, ownerId, issued.token, 'gitlab');
      await ctx.sandbox.control.addFault({ forge: 'gitlab', type: 'status', status: 503 });
      const refused = failure(await ctx.vault.remove({ ownerId, id: record.id, revoke: true, actor: 'cli' }));
      expect(refused.code).toBe('forge_unreachable');
      expect(unwrap(await ctx.vault.list(ownerId))).toHaveLength(1);
    });
  });

  describe('rotate', () => {
    it('rotates a GitLab token at the forge into the same record', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 5) }));
      const record = await add(ctx, ownerId, issued.token, 'gitlab', { label: 'ci' });
      const expiresOn = inDays(ctx, 60).slice(0, 10);
      const rotated = unwrap(
        await ctx.vault.rotate({ ownerId, id: record.id, expiresAt: expiresOn, actor: 'cli' }),
      );
      expect(rotated.method).toBe('forge');
      expect(rotated.record).toMatchObject({
        id: record.id,
        label: 'ci',
        isDefault: true,
        status: 'active',
      });
      expect(rotated.record.mask).not.toBe(record.mask);
      expect(rotated.record.expiresAt?.slice(0, 10)).toBe(expiresOn);
      expect((await ctx.sandbox.control.getToken(issued.id)).status).toBe('revoked');
      const fresh = (await ctx.sandbox.control.listTokens()).find(
        (token) => token.rotatedFromId === issued.id,
      );
      const used = await ctx.vault.withToken(ownerId, { id: record.id }, 'test', async (secret) => {
        ctx.remember(secret.reveal());
        return secret.mask();
      });
      expect(unwrap(used)).toBe(fresh?.hint);
    });

    it('replaces a GitHub token by one the user made, same account; refuses another account', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const old = await ctx.issue(githubClassic());
      const next = await ctx.issue(githubClassic({ scopes: ['repo', 'workflow'] }));
      const stranger = await ctx.issue(githubClassic({ login: 'someone-else' }));
      const record = await add(ctx, ownerId, old.token, 'github', { label: 'main' });
      const refused = failure(
        await ctx.vault.rotate({ ownerId, id: record.id, newRaw: stranger.token, actor: 'cli' }),
      );
      expect(refused.code).toBe('conflict');
      expect(refused.message).toMatch(/someone-else/);
      const rotated = unwrap(
        await ctx.vault.rotate({ ownerId, id: record.id, newRaw: next.token, actor: 'cli' }),
      );
      expect(rotated.record).toMatchObject({ id: record.id, label: 'main', mask: next.hint });
      expect(rotated.record.scopes).toContain('workflow');
      const used = await ctx.vault.withToken(
        ownerId,
        { id: record.id },
        'test',
        async (secret) => secret.reveal() === next.token,
      );
      expect(unwrap(used)).toBe(true);
      const events = unwrap(await ctx.vault.audit(ownerId, { action: 'rotate' })).items;
      expect(events.map((event) => event.outcome)).toEqual(['ok', 'error']);
    });
  });

  describe('list', () => {
    it('hands out the same frozen list while nothing changed; a write or a day makes a new one', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic({ expiresAt: inDays(ctx, 30) }));
      const record = await add(ctx, ownerId, issued.token, 'github');
      const first = unwrap(await ctx.vault.list(ownerId));
      expect(unwrap(await ctx.vault.list(ownerId))).toBe(first);
      expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
      // Another filter is another list; the first is still kept.
      expect(unwrap(await ctx.vault.list(ownerId, { forge: 'gitlab' }))).toEqual([]);
      expect(unwrap(await ctx.vault.list(ownerId))).toBe(first);

      unwrap(await ctx.vault.setLabel(ownerId, record.id, 'renamed', 'cli'));
      const renamed = unwrap(await ctx.vault.list(ownerId));
      expect(renamed).not.toBe(first);
      expect(renamed[0]).toMatchObject({ label: 'renamed', status: 'active' });

      await ctx.advance(DAY_MS);
      const dayLater = unwrap(await ctx.vault.list(ownerId));
      expect(dayLater).not.toBe(renamed);
      expect(dayLater[0]?.daysLeft).toBe((renamed[0]?.daysLeft ?? 0) - 1);
      // Into the warning window: the status is the clock's, not a stale copy.
      await ctx.advance(16 * DAY_MS);
      expect(unwrap(await ctx.vault.list(ownerId))[0]).toMatchObject({
        status: 'expiring',
        label: 'renamed',
      });
    });
  });

  describe('defaults, labels and hosts', () => {
    it('keeps one default per host and resolves the host default', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const one = await ctx.issue(githubClassic({ login: 'first' }));
      const two = await ctx.issue(githubClassic({ login: 'second' }));
      const first = await add(ctx, ownerId, one.token, 'github');
      const second = await add(ctx, ownerId, two.token, 'github');
      expect([first.isDefault, second.isDefault]).toEqual([true, false]);
      unwrap(await ctx.vault.setDefault(ownerId, second.id));
      const views = unwrap(await ctx.vault.list(ownerId));
      expect(views.filter((view) => view.isDefault).map((view) => view.id)).toEqual([second.id]);
      const login = await ctx.vault.withToken(
        ownerId,
        { forge: 'github', apiUrl: ctx.apiUrl('github') },
        'which',
        async (_secret, view) => view.account?.login,
      );
      expect(unwrap(login)).toBe('second');
    });

    it('labels tokens uniquely and selects by label', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const a = await add(ctx, ownerId, (await ctx.issue(githubClassic())).token, 'github');
      const b = await add(ctx, ownerId, (await ctx.issue(githubClassic())).token, 'github');
      unwrap(await ctx.vault.setLabel(ownerId, a.id, 'deploy'));
      expect(failure(await ctx.vault.setLabel(ownerId, b.id, 'deploy')).code).toBe('conflict');
      const picked = await ctx.vault.withToken(
        ownerId,
        { label: 'deploy' },
        'x',
        async (_s, view) => view.id,
      );
      expect(unwrap(picked)).toBe(a.id);
      unwrap(await ctx.vault.setLabel(ownerId, a.id, null));
      expect(failure(await ctx.vault.withToken(ownerId, { label: 'deploy' }, 'x', async () => 1)).code).toBe(
        'not_found',
      );
    });

    it('adds, lists, resolves and removes named hosts', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const name = `sandbox-lab-${ownerId}`;
      const host = unwrap(
        await ctx.vault.addHost({ forge: 'gitlab', apiUrl: `${ctx.apiUrl('gitlab')}/`, name }),
      );
      expect(host).toEqual({ name, forge: 'gitlab', apiUrl: ctx.apiUrl('gitlab'), builtin: false });
      expect(
        failure(await ctx.vault.addHost({ forge: 'gitlab', apiUrl: ctx.apiUrl('gitlab'), name })).code,
      ).toBe('conflict');
      const names = unwrap(await ctx.vault.listHosts()).map((h) => h.name);
      expect(names).toEqual(expect.arrayContaining(['github.com', 'gitlab.com', 'bitbucket.org', name]));
      const issued = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 30) }));
      const added = unwrap(await ctx.vault.add({ ownerId, raw: issued.token, host: name, actor: 'cli' }));
      expect(added.record.apiUrl).toBe(ctx.apiUrl('gitlab'));
      expect(unwrap(await ctx.vault.list(ownerId, { host: name }))).toHaveLength(1);
      unwrap(await ctx.vault.removeHost(name));
      expect(failure(await ctx.vault.removeHost(name)).code).toBe('not_found');
      expect(failure(await ctx.vault.removeHost('github.com')).code).toBe('invalid_input');
      const bad = failure(
        await ctx.vault.addHost({ forge: 'github', apiUrl: 'https://user:pw@example.com/api/v3' }),
      );
      expect(bad.code).toBe('invalid_input');
    });
  });
}
