import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openVault } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID, SQLITE_FILE_NAME } from '../../store/index.js';
import { createCredentialService } from './credential-service.js';
import type { LocalOutcome } from './helper-main.js';
import type { CredentialQuery } from './wire.js';

/** The actor the helper's vault uses are audited as (the server audits the API key instead). */
export const GIT_ACTOR = 'git';

/** How long the helper waits for the re-check of a token git rejected before it exits. */
const RECHECK_MS = 8_000;

/**
 * The helper without an agent: opens the vault in this process, answers, closes it. Slower than
 * the agent (SQLite, the master key, the forge registry on every call) but needs nothing running.
 * A data directory without a vault is not created here: the helper then simply has nothing.
 */
export async function answerLocally(query: CredentialQuery, dataDir: string): Promise<LocalOutcome> {
  const databaseUrl = process.env.FORGEKEEPER_DATABASE_URL;
  if ((databaseUrl === undefined || databaseUrl === '') && !existsSync(join(dataDir, SQLITE_FILE_NAME))) {
    return { ok: true, reply: null, note: null };
  }
  const opened = await openVault({ dataDir, adapter: { timeoutMs: 5_000, retries: 0 } });
  if (!opened.ok) return { ok: false, message: `cannot open the vault: ${opened.error.message}` };
  const vault = opened.value;
  try {
    const service = createCredentialService(vault);
    const outcome = await service.answer(query, LOCAL_OWNER_ID, GIT_ACTOR);
    if (!outcome.ok) return { ok: false, message: outcome.error.message };
    // The re-check of a rejected token is best effort: the mark is written, the check may time out.
    await outcome.value.followUp?.(AbortSignal.timeout(RECHECK_MS)).catch(() => undefined);
    return { ok: true, reply: outcome.value.reply, note: outcome.value.note };
  } finally {
    await vault.close();
  }
}
