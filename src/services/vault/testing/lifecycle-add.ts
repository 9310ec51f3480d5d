import { describe, expect, it } from 'vitest';
import { bitbucketApiToken, githubClassic, gitlabPersonal } from '../../../sandbox/testing/factories.js';
import { failure, inDays, type LifecycleContext, unwrap } from './lifecycle-context.js';

/** add, list and show. */
export function addSuite(get: () => LifecycleContext): void {
  describe('add', () => {
    it('stores a GitHub token with what the forge said, as the host default', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(
        githubClassic({ scopes: ['repo', 'workflow'], expiresAt: inDays(ctx, 90) }),
      );
      const added = unwrap(
        await ctx.vault.add({
          ownerId,
          raw: issued.token,
          apiUrl: ctx.apiUrl('github'),
          label: 'work',
          actor: 'cli',
        }),
      );
      expect(added.created).toBe(true);
      expect(added.notice).toBeNull();
      expect(added.record).toMatchObject({
        forge: 'github',
        apiUrl: ctx.apiUrl('github'),
        label: 'work',
        kind: 'classic',
        status: 'active',
        statusCode: null,
        isDefault: true,
        account: { login: 'octo' },
        mask: issued.hint,
      });
      expect(added.record.scopes).toEqual(expect.arrayContaining(['repo', 'workflow']));
      expect(added.record.daysLeft).toBeGreaterThanOrEqual(88);
      expect(added.record.lastCheckedAt).not.toBeNull();
      expect(added.report.capabilities).toMatchObject({ push: true, workflows: true });
      expect(added.report.tokenPageUrl).toContain(ctx.sandbox.urls.github.web);
    });

    it('stores GitLab and Bitbucket tokens', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const gitlab = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 60) }));
      const bitbucket = await ctx.issue(bitbucketApiToken());
      const lab = unwrap(
        await ctx.vault.add({ ownerId, raw: gitlab.token, apiUrl: ctx.apiUrl('gitlab'), actor: 'cli' }),
      );
      expect(lab.record).toMatchObject({
        forge: 'gitlab',
        kind: 'personal',
        status: 'active',
        account: { login: 'tanuki' },
      });
      expect(lab.record.scopes).toEqual(['api']);
      const bucket = unwrap(
        await ctx.vault.add({
          ownerId,
          raw: bitbucket.token,
          apiUrl: ctx.apiUrl('bitbucket'),
          email: 'bucky@example.com',
          actor: 'cli',
        }),
      );
      expect(bucket.record).toMatchObject({ forge: 'bitbucket', kind: 'api_token', status: 'active' });
      expect(bucket.record.email).toBe('bucky@example.com');
      expect(unwrap(await ctx.vault.list(ownerId))).toHaveLength(2);
    });

    it('keeps one record when the same token is added twice, its id and label kept', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic({ expiresAt: inDays(ctx, 90) }));
      const input = { ownerId, raw: issued.token, apiUrl: ctx.apiUrl('github'), actor: 'cli' };
      const first = unwrap(await ctx.vault.add({ ...input, label: 'mine' }));
      const second = unwrap(await ctx.vault.add({ ...input, raw: `  "${issued.token}"\n` }));
      expect(second.created).toBe(false);
      expect(second.record.id).toBe(first.record.id);
      expect(second.record.label).toBe('mine');
      expect(unwrap(await ctx.vault.list(ownerId))).toHaveLength(1);
    });

    it('stores nothing for a token the forge rejects, and audits the refusal', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const revoked = await ctx.issue(gitlabPersonal({ state: 'revoked' }));
      const refused = failure(
        await ctx.vault.add({ ownerId, raw: revoked.token, apiUrl: ctx.apiUrl('gitlab'), actor: 'cli' }),
      );
      expect(refused.code).toBe('token_revoked');
      const garbage = failure(
        await ctx.vault.add({ ownerId, raw: 'ghp_notatoken', forge: 'github', actor: 'cli' }),
      );
      expect(garbage.code).toBe('malformed_token');
      expect(unwrap(await ctx.vault.list(ownerId))).toEqual([]);
      const events = unwrap(await ctx.vault.audit(ownerId, { action: 'add' })).items;
      expect(events.map((event) => [event.outcome, event.errorCode])).toEqual([
        ['error', 'malformed_token'],
        ['error', 'token_revoked'],
      ]);
    });

    it('stores a token as stale while the forge is down, and says so', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic());
      await ctx.sandbox.control.addFault({ forge: 'github', type: 'status', status: 503 });
      const added = unwrap(
        await ctx.vault.add({ ownerId, raw: issued.token, apiUrl: ctx.apiUrl('github'), actor: 'cli' }),
      );
      expect(added.record).toMatchObject({
        status: 'stale',
        statusCode: 'forge_unreachable',
        lastCheckedAt: null,
      });
      expect(added.notice).toMatch(/stored anyway/);
    });

    it('marks a token that lacks a required capability insufficient_scope, with the fix', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic({ scopes: ['read:user'] }));
      const added = unwrap(
        await ctx.vault.add({
          ownerId,
          raw: issued.token,
          apiUrl: ctx.apiUrl('github'),
          require: ['push'],
          actor: 'cli',
        }),
      );
      expect(added.record.status).toBe('insufficient_scope');
      expect(added.report.missing).toEqual(['push']);
      expect(added.report.scopesToAdd).toEqual(['repo']);
    });
  });

  describe('list and show', () => {
    it('never contain the token, and filter by forge, host and status', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const hub = await ctx.issue(githubClassic({ expiresAt: inDays(ctx, 5) }));
      const lab = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 90) }));
      const added = unwrap(
        await ctx.vault.add({ ownerId, raw: hub.token, apiUrl: ctx.apiUrl('github'), actor: 'cli' }),
      );
      unwrap(await ctx.vault.add({ ownerId, raw: lab.token, apiUrl: ctx.apiUrl('gitlab'), actor: 'cli' }));
      const all = unwrap(await ctx.vault.list(ownerId));
      const shown = unwrap(await ctx.vault.show(ownerId, added.record.id));
      for (const output of [all, shown, added]) {
        const text = JSON.stringify(output);
        expect(text).not.toContain(hub.token);
        expect(text).not.toContain(lab.token);
        expect(text).not.toContain('fingerprint');
      }
      expect(unwrap(await ctx.vault.list(ownerId, { forge: 'gitlab' })).map((t) => t.forge)).toEqual([
        'gitlab',
      ]);
      expect(unwrap(await ctx.vault.list(ownerId, { host: ctx.apiUrl('github') }))).toHaveLength(1);
      expect(unwrap(await ctx.vault.list(ownerId, { status: 'expiring' })).map((t) => t.forge)).toEqual([
        'github',
      ]);
      expect(failure(await ctx.vault.show(ctx.owner(), added.record.id)).code).toBe('not_found');
    });

    it('counts down: an active token whose expiry comes within 14 days reads as expiring', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 20) }));
      const added = unwrap(
        await ctx.vault.add({ ownerId, raw: issued.token, apiUrl: ctx.apiUrl('gitlab'), actor: 'cli' }),
      );
      expect(added.record.status).toBe('active');
      await ctx.advance(8 * 86_400_000);
      const later = unwrap(await ctx.vault.show(ownerId, added.record.id));
      expect(later.status).toBe('expiring');
      expect(later.daysLeft).toBeGreaterThanOrEqual(10);
      expect(later.daysLeft).toBeLessThanOrEqual(12);
      await ctx.advance(13 * 86_400_000);
      expect(unwrap(await ctx.vault.show(ownerId, added.record.id))).toMatchObject({
        status: 'expired',
        statusCode: 'token_expired',
      });
    });
  });
}
