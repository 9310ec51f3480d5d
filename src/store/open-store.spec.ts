import { describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import { errorCode } from './testing/factories.js';

describe('openStore configuration', () => {
  it('refuses a database URL that is not PostgreSQL, without echoing it', async () => {
    const result = await openStore({ env: { FORGEKEEPER_DATABASE_URL: 'mysql://root:hunter2@db/fk' } });
    expect(errorCode(result)).toBe('invalid_input');
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('answers store_unavailable, not a throw, for an unreachable PostgreSQL URL from the environment', async () => {
    const result = await openStore({
      env: { FORGEKEEPER_DATABASE_URL: 'postgresql://u:secret@127.0.0.1:1/x' },
    });
    expect(errorCode(result)).toBe('store_unavailable');
    expect(JSON.stringify(result)).not.toContain('secret');
  });
});
