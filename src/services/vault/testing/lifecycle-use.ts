import { describe, expect, it } from 'vitest';
import type { Secret } from '../../../domain/secret.js';
import { githubClassic, gitlabPersonal } from '../../../sandbox/testing/factories.js';
import { DAY_MS, failure, inDays, type LifecycleContext, unwrap } from './lifecycle-context.js';

/** withToken, damaged ciphertexts, two vaults at once, and the canary scan. */
export function useSuite(get: () => LifecycleContext): void {
  describe('withToken', () => {
    it('lends the token for the call only, and records the use and last used', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic({ expiresAt: inDays(ctx, 90) }));
      const { record } = unwrap(
        await ctx.vault.add({ ownerId, raw: issued.token, apiUrl: ctx.apiUrl('github'), actor: 'cli' }),
      );
      let kept: Secret | undefined;
      const used = await ctx.vault.withToken(
        ownerId,
        { id: record.id },
        'push octo/repo',
        async (secret, view) => {
          kept = secret;
          expect(view.id).toBe(record.id);
          return secret.reveal() === issued.token;
        },
      );
      expect(unwrap(used)).toBe(true);
      expect(() => kept?.reveal()).toThrow(/ended/);
      expect(String(kept)).toBe(issued.hint);
      const events = unwrap(await ctx.vault.audit(ownerId, { action: 'use' })).items;
      expect(events[0]).toMatchObject({
        target: 'push octo/repo',
        outcome: 'ok',
        tokenId: record.id,
        actor: 'cli',
      });
      expect(unwrap(await ctx.vault.show(ownerId, record.id)).lastUsedAt).not.toBeNull();
    });

    it('records an error Result from the call as a failed use with its code', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic());
      const { record } = unwrap(
        await ctx.vault.add({ ownerId, raw: issued.token, apiUrl: ctx.apiUrl('github'), actor: 'cli' }),
      );
      const error = { code: 'insufficient_scope', message: 'm', remediation: 'r' } as const;
      unwrap(await ctx.vault.withToken(ownerId, { id: record.id }, 'p', async () => ({ ok: false, error })));
      const [event] = unwrap(await ctx.vault.audit(ownerId, { action: 'use' })).items;
      expect(event).toMatchObject({ outcome: 'error', errorCode: 'insufficient_scope' });
    });

    it('refuses a token past its stored expiry before the call runs', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic({ expiresAt: inDays(ctx, 2) }));
      const { record } = unwrap(
        await ctx.vault.add({ ownerId, raw: issued.token, apiUrl: ctx.apiUrl('github'), actor: 'cli' }),
      );
      await ctx.advance(3 * DAY_MS);
      let ran = false;
      const refused = failure(
        await ctx.vault.withToken(ownerId, { id: record.id }, 'p', async () => {
          ran = true;
        }),
      );
      expect(refused.code).toBe('token_expired');
      expect(ran).toBe(false);
      const [event] = unwrap(await ctx.vault.audit(ownerId, { action: 'use' })).items;
      expect(event).toMatchObject({ outcome: 'error', errorCode: 'token_expired' });
    });
  });

  describe('faults', () => {
    it('makes a token with a damaged ciphertext undecryptable and leaves the others working', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const one = await ctx.issue(githubClassic());
      const two = await ctx.issue(gitlabPersonal({ expiresAt: inDays(ctx, 30) }));
      const broken = unwrap(
        await ctx.vault.add({ ownerId, raw: one.token, apiUrl: ctx.apiUrl('github'), actor: 'cli' }),
      );
      const fine = unwrap(
        await ctx.vault.add({ ownerId, raw: two.token, apiUrl: ctx.apiUrl('gitlab'), actor: 'cli' }),
      );
      await ctx.target.corruptCiphertext(broken.record.id);

      const refused = failure(
        await ctx.vault.withToken(ownerId, { id: broken.record.id }, 'p', async () => 1),
      );
      expect(refused.code).toBe('token_undecryptable');
      expect(unwrap(await ctx.vault.show(ownerId, broken.record.id))).toMatchObject({
        status: 'undecryptable',
        statusCode: 'token_undecryptable',
      });
      const checked = unwrap(await ctx.vault.check({ ownerId, id: broken.record.id, actor: 'cli' }));
      expect(checked.error?.code).toBe('token_undecryptable');
      expect(unwrap(await ctx.vault.withToken(ownerId, { id: fine.record.id }, 'p', async () => 'ok'))).toBe(
        'ok',
      );
      const summary = unwrap(await ctx.vault.refreshAll({ ownerId, backoffMs: 1 }));
      expect(summary.checked).toBe(2);
      expect(unwrap(await ctx.vault.show(ownerId, fine.record.id)).status).toBe('active');
    });

    it('ends with one record when two vaults add the same token at once', async () => {
      const ctx = get();
      const ownerId = ctx.owner();
      const issued = await ctx.issue(githubClassic());
      const other = await ctx.target.open({ now: ctx.now });
      try {
        const input = { ownerId, raw: issued.token, apiUrl: ctx.apiUrl('github'), actor: 'cli' };
        const [a, b] = await Promise.all([ctx.vault.add(input), other.add(input)]);
        const results = [unwrap(a), unwrap(b)];
        expect(results.map((result) => result.created).sort()).toEqual([false, true]);
        expect(results[0]?.record.id).toBe(results[1]?.record.id);
        expect(unwrap(await ctx.vault.list(ownerId))).toHaveLength(1);
        expect(
          unwrap(
            await other.withToken(
              ownerId,
              { forge: 'github', apiUrl: ctx.apiUrl('github') },
              'p',
              async (s) => s.reveal() === issued.token,
            ),
          ),
        ).toBe(true);
      } finally {
        await other.close();
      }
    });
  });

  describe('canary', () => {
    it('no token text is in the database files (file and WAL)', async () => {
      const ctx = get();
      const bytes = ctx.target.databaseBytes();
      if (bytes === null) return;
      expect(ctx.issued.length).toBeGreaterThan(10);
      const text = bytes.toString('latin1');
      // The scan reads what was stored: the metadata is there in plain text, the tokens are not.
      expect(text).toContain('octo');
      for (const token of ctx.issued) {
        expect(text.includes(token), `a token (${token.slice(0, 4)}…) is in the database file`).toBe(false);
        // A UTF-16 copy would slip past a latin1 search.
        expect(bytes.includes(Buffer.from(token, 'utf16le'))).toBe(false);
      }
    });
  });
}
