import { describe, expect, it } from 'vitest';
import { type AccountsFixture, failure, HOUR, must } from './accounts-fixture.js';

const PASSWORD = 'first admin password';

export function setupSuite(get: () => AccountsFixture): void {
  describe('first-run setup', () => {
    it('needs a setup code before the first administrator exists; nobody can sign in before', async () => {
      const { accounts } = await get().fresh();
      expect(must(await accounts.setupState())).toBe('needs_setup');
      expect(
        failure(await accounts.login({ username: 'root', password: PASSWORD, ip: get().ip() })).code,
      ).toBe('setup_required');

      const issued = must(await accounts.issueSetupCode());
      expect(issued.created).toBe(true);
      expect(issued.code.reveal()).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
      // Printing the answer (as a careless log line would) shows a mask, not the code.
      expect(JSON.stringify(issued)).not.toContain(issued.code.reveal());
      const again = must(await accounts.issueSetupCode());
      expect(again).toMatchObject({ created: false, expiresAt: issued.expiresAt });
      expect(again.code.reveal()).toBe(issued.code.reveal());

      const wrong = `${issued.code.reveal().slice(0, -1)}${issued.code.reveal().endsWith('0') ? '1' : '0'}`;
      for (const code of [wrong, 'not-a-code', '']) {
        expect(
          failure(await accounts.completeSetup({ code, username: 'root', password: PASSWORD })).code,
        ).toBe('setup_code_invalid');
      }
      expect(
        failure(
          await accounts.completeSetup({ code: issued.code.reveal(), username: 'root', password: 'short' }),
        ).code,
      ).toBe('password_too_weak');
      expect(must(await accounts.setupState())).toBe('needs_setup');

      // Case, spaces and dashes do not matter when the code is typed.
      const typed = issued.code.reveal().replace(/-/g, ' ').toLowerCase();
      const admin = must(await accounts.completeSetup({ code: typed, username: 'root', password: PASSWORD }));
      expect(admin).toMatchObject({ username: 'root', role: 'admin', status: 'active', ownerId: admin.id });
      expect(must(await accounts.setupState())).toBe('ready');

      expect(
        failure(
          await accounts.completeSetup({ code: issued.code.reveal(), username: 'other', password: PASSWORD }),
        ).code,
      ).toBe('setup_complete');
      expect(failure(await accounts.issueSetupCode()).code).toBe('setup_complete');
      const login = must(await accounts.login({ username: 'ROOT', password: PASSWORD, ip: get().ip() }));
      expect(login.user.role).toBe('admin');
    });

    it('makes exactly one administrator when setups race, in one process or several', async () => {
      const { store, accounts } = await get().fresh();
      const other = get().serviceOver(store);
      const [mine, theirs] = [must(await accounts.issueSetupCode()), must(await other.issueSetupCode())];
      expect(mine.code.reveal()).not.toBe(theirs.code.reveal());

      const results = await Promise.all([
        accounts.completeSetup({ code: mine.code.reveal(), username: 'alpha', password: PASSWORD }),
        other.completeSetup({ code: theirs.code.reveal(), username: 'beta', password: PASSWORD }),
        accounts.completeSetup({ code: mine.code.reveal(), username: 'gamma', password: PASSWORD }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      for (const r of results.filter((r) => !r.ok)) {
        expect(['setup_complete', 'setup_code_invalid']).toContain(failure(r).code);
      }
      const users = must(await store.users.list());
      expect(users).toHaveLength(1);
      expect(users[0]?.role).toBe('admin');
      // The losing process's code is of no use any more.
      expect(
        failure(
          await other.completeSetup({ code: theirs.code.reveal(), username: 'delta', password: PASSWORD }),
        ).code,
      ).toBe('setup_complete');
    });

    it('lets a setup code expire; a new one is issued then', async () => {
      const { accounts } = await get().fresh();
      const first = must(await accounts.issueSetupCode());
      get().advance(25 * HOUR);
      expect(
        failure(
          await accounts.completeSetup({ code: first.code.reveal(), username: 'root', password: PASSWORD }),
        ).code,
      ).toBe('setup_code_invalid');
      const second = must(await accounts.issueSetupCode());
      expect(second.created).toBe(true);
      expect(second.code.reveal()).not.toBe(first.code.reveal());
      must(
        await accounts.completeSetup({ code: second.code.reveal(), username: 'root', password: PASSWORD }),
      );
    });

    it('keeps only a hash of the setup code and of the password', async () => {
      const { accounts, target } = await get().fresh();
      const code = must(await accounts.issueSetupCode()).code.reveal();
      must(await accounts.completeSetup({ code, username: 'root', password: PASSWORD }));
      const contents = await target.contents();
      expect(contents).toContain('$argon2id$v=19$');
      expect(contents).not.toContain(PASSWORD);
      expect(contents).not.toContain(code);
      expect(contents).not.toContain(code.replace(/-/g, ''));
    });
  });
}
