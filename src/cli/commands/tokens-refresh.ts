import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { countStatuses, formatRefreshSummary } from '../format/refresh-summary.js';
import { tokenShortIds } from '../format/short-ids.js';
import { parseInteger } from '../parse-options.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { progressLine } from '../vault/progress-line.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

export interface TokensRefreshOptions extends VaultOptions {
  concurrency?: string;
}

/**
 * Refresh All for the CLI's owner. A progress line on stderr when it is a terminal; Ctrl-C cancels
 * the run (checks in flight are aborted, unchecked tokens keep their status) and still prints the
 * summary. Exit 0 when the forge answered for every token, 3 when some could not be asked, 130 when
 * cancelled.
 */
export async function tokensRefreshCommand(options: TokensRefreshOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const perHostConcurrency = parseInteger('--concurrency', options.concurrency, 1, 64);
    const vault = await open();
    const controller = new AbortController();
    const cancel = () => controller.abort();
    const progress = process.stderr.isTTY ? progressLine(process.stderr) : null;
    process.on('SIGINT', cancel);
    let result: Awaited<ReturnType<typeof vault.refreshAll>>;
    try {
      result = await vault.refreshAll({
        ownerId: LOCAL_OWNER_ID,
        actor: CLI_ACTOR,
        signal: controller.signal,
        perHostConcurrency,
        ...(progress ? { onProgress: progress.update } : {}),
      });
    } finally {
      process.off('SIGINT', cancel);
      progress?.end();
    }
    const summary = orFail(result);
    const tokens = orFail(await vault.list(LOCAL_OWNER_ID));
    if (options.json) {
      printJson({ ...summary, statuses: countStatuses(tokens) });
    } else {
      const ids = tokenShortIds(tokens);
      const hosts = orFail(await vault.listHosts());
      process.stdout.write(formatRefreshSummary(summary, { tokens, hosts, shortIds: ids }));
    }
    if (summary.aborted) return EXIT.cancelled;
    return summary.stale.length + summary.rateLimited.length > 0 ? EXIT.unverified : EXIT.ok;
  });
}
