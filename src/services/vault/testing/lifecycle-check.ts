import { describe, expect, it } from 'vitest';
import { bitbucketApiToken, githubClassic, gitlabPersonal } from '../../../sandbox/testing/factories.js';
import { DAY_MS, inDays, type LifecycleContext, unwrap } from './lifecycle-context.js';

/** check one and Refresh All, against the sandbox forges. */
export function checkSuite(get: () => LifecycleContext): void {
  const addGitHub = async (ctx: LifecycleContext, ownerId: string, days = 90) => {
    const issued = await ctx.issue(githubClassic({ expiresAt: inDays(ctx, days) }));
    const added = unwrap(
      await ctx.vault.add({ ownerId, raw: issued.token, apiUrl: ctx.apiUrl('github'), actor: 'cli' }),
    );
    return { issued, record: added.record };
  };

  describe('check', () => {
    it('marks a token revoked at the forge invalid (GitHub: bad_credentials; GitLab: token_revoked)', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const hub = await addGitHub(ctx, ownerId);
      const labToken = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 90) }));
      const lab = unwrap(
        await ctx.vault.add({ ownerId, raw: labToken.token, apiUrl: ctx.apiUrl('gitlab'), actor: 'cli' }),
      );
      await ctx.sandbox.control.updateToken(hub.issued.id, { state: 'revoked' });
      await ctx.sandbox.control.updateToken(labToken.id, { state: 'revoked' });

      const checked = unwrap(await ctx.vault.check({ ownerId, id: hub.record.id, actor: 'cli' }));
      expect(checked.record).toMatchObject({ status: 'invalid', statusCode: 'bad_credentials' });
      expect(checked.error?.code).toBe('bad_credentials');
      const labChecked = unwrap(await ctx.vault.check({ ownerId, id: lab.record.id, actor: 'cli' }));
      expect(labChecked.record).toMatchObject({ status: 'invalid', statusCode: 'token_revoked' });
      const events = unwrap(
        await ctx.vault.audit(ownerId, { action: 'check', tokenId: hub.record.id }),
      ).items;
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ outcome: 'error', errorCode: 'bad_credentials' });
    });

    it('calls a GitHub token past its stored expiry expired, though GitHub only says Bad credentials', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const hub = await addGitHub(ctx, ownerId, 3);
      await ctx.advance(4 * DAY_MS);
      const checked = unwrap(await ctx.vault.check({ ownerId, id: hub.record.id, actor: 'cli' }));
      expect(checked.error?.code).toBe('bad_credentials');
      expect(checked.record).toMatchObject({ status: 'expired', statusCode: 'token_expired' });
    });

    it('keeps every known fact and says stale when the forge answers 5xx, never invalid', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const hub = await addGitHub(ctx, ownerId);
      await ctx.sandbox.control.addFault({ forge: 'github', type: 'status', status: 502 });
      const checked = unwrap(await ctx.vault.check({ ownerId, id: hub.record.id, actor: 'cli' }));
      expect(checked.record).toMatchObject({
        status: 'stale',
        statusCode: 'forge_unreachable',
        account: hub.record.account,
        scopes: hub.record.scopes,
        expiresAt: hub.record.expiresAt,
        lastCheckedAt: hub.record.lastCheckedAt,
      });
      await ctx.sandbox.control.clearFaults();
      const again = unwrap(await ctx.vault.check({ ownerId, id: hub.record.id, actor: 'cli' }));
      expect(again.record.status).toBe('active');
    });

    it('keeps invalid when the forge is down at the next check', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const hub = await addGitHub(ctx, ownerId);
      await ctx.sandbox.control.updateToken(hub.issued.id, { state: 'revoked' });
      unwrap(await ctx.vault.check({ ownerId, id: hub.record.id, actor: 'cli' }));
      await ctx.sandbox.control.addFault({ forge: 'github', type: 'status', status: 503 });
      const checked = unwrap(await ctx.vault.check({ ownerId, id: hub.record.id, actor: 'cli' }));
      expect(checked.record).toMatchObject({ status: 'invalid', statusCode: 'bad_credentials' });
    });
  });

  describe('refreshAll', () => {
    it('refreshes every forge while one is rate limited; that one ends stale, never invalid', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const hub = await addGitHub(ctx, ownerId);
      const lab = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 90) }));
      const bucket = await ctx.issue(bitbucketApiToken());
      const labRecord = unwrap(
        await ctx.vault.add({ ownerId, raw: lab.token, apiUrl: ctx.apiUrl('gitlab'), actor: 'cli' }),
      ).record;
      const bucketRecord = unwrap(
        await ctx.vault.add({
          ownerId,
          raw: bucket.token,
          apiUrl: ctx.apiUrl('bitbucket'),
          email: 'bucky@example.com',
          actor: 'cli',
        }),
      ).record;
      await ctx.sandbox.control.updateToken(lab.id, { state: 'revoked' });
      await ctx.sandbox.control.addFault({ forge: 'github', type: 'rate_limit' });
      await ctx.advance(60_000);

      const summary = unwrap(
        await ctx.vault.refreshAll({ ownerId, backoffMs: 1, maxRateLimitPauseMs: 0, maxAttempts: 2 }),
      );
      expect(summary.total).toBe(3);
      expect(summary.checked).toBe(2);
      expect([...summary.stale, ...summary.rateLimited]).toEqual([hub.record.id]);
      const after = unwrap(await ctx.vault.list(ownerId));
      const byId = new Map(after.map((view) => [view.id, view]));
      expect(byId.get(hub.record.id)).toMatchObject({ status: 'stale', statusCode: 'rate_limited' });
      expect(byId.get(labRecord.id)).toMatchObject({ status: 'invalid', statusCode: 'token_revoked' });
      expect(byId.get(bucketRecord.id)?.status).toBe('active');
      expect(byId.get(bucketRecord.id)?.lastCheckedAt).not.toBe(bucketRecord.lastCheckedAt);
    });

    it('re-checks a GitLab token with /personal_access_tokens/self alone; a single check reads /user too', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const lab = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 90) }));
      const added = unwrap(
        await ctx.vault.add({ ownerId, raw: lab.token, apiUrl: ctx.apiUrl('gitlab'), actor: 'cli' }),
      ).record;
      const paths = async () =>
        (await ctx.sandbox.control.requests({ forge: 'gitlab' })).requests.map((entry) => entry.path);
      await ctx.sandbox.control.clearRequests();
      unwrap(await ctx.vault.refreshAll({ ownerId }));
      expect(await paths()).toEqual(['/personal_access_tokens/self']);
      expect(unwrap(await ctx.vault.show(ownerId, added.id)).account).toEqual(added.account);
      await ctx.sandbox.control.clearRequests();
      unwrap(await ctx.vault.check({ ownerId, id: added.id, actor: 'cli' }));
      expect((await paths()).sort()).toEqual(['/personal_access_tokens/self', '/user']);
    });

    it('retries a 5xx, then records the token stale once', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const hub = await addGitHub(ctx, ownerId);
      await ctx.sandbox.control.addFault({ forge: 'github', type: 'status', status: 500 });
      const summary = unwrap(await ctx.vault.refreshAll({ ownerId, backoffMs: 1, maxAttempts: 2 }));
      expect(summary.stale).toEqual([hub.record.id]);
      expect(unwrap(await ctx.vault.show(ownerId, hub.record.id)).status).toBe('stale');
      const checks = unwrap(await ctx.vault.audit(ownerId, { action: 'check' })).items;
      expect(checks).toHaveLength(1);
    });

    it('is cancellable: a cancelled run leaves records as they were', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const hub = await addGitHub(ctx, ownerId);
      const controller = new AbortController();
      controller.abort();
      const summary = unwrap(await ctx.vault.refreshAll({ ownerId, signal: controller.signal }));
      expect(summary.aborted).toBe(true);
      expect(summary.cancelled).toEqual([hub.record.id]);
      expect(unwrap(await ctx.vault.show(ownerId, hub.record.id)).lastCheckedAt).toBe(
        hub.record.lastCheckedAt,
      );
    });
  });
}
