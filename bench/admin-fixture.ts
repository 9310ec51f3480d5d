import { type AccountsService, scopesForRole, type UserView } from '../src/services/accounts/index.js';
import { unwrap } from './vault-fixture.js';

/**
 * The administrator `bench`, made by the first-run setup as a real install makes it, and an API key
 * of theirs that may read tokens: what the server benchmarks authenticate `GET /api/v1/tokens` with.
 * The key is returned in plain text because the benchmark sends it as a client would.
 */
export async function seedAdminKey(accounts: AccountsService): Promise<{ user: UserView; apiKey: string }> {
  const code = unwrap(await accounts.issueSetupCode(), 'issueSetupCode');
  const user = unwrap(
    await accounts.completeSetup({
      code: code.code.reveal(),
      username: 'bench',
      password: 'bench-password-1234',
    }),
    'completeSetup',
  );
  const principal = {
    userId: user.id,
    ownerId: user.id,
    username: user.username,
    role: 'admin' as const,
    via: 'session' as const,
    apiKeyId: null,
    scopes: scopesForRole('admin'),
  };
  const created = unwrap(
    await accounts.createApiKey(principal, { name: 'bench', scopes: ['tokens:read'] }),
    'createApiKey',
  );
  return { user, apiKey: created.key.reveal() };
}
