import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatRepoTable } from '../format/repo-tables.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, vaultCommand } from '../vault/vault-command.js';
import {
  checkTokenOptions,
  nextPageHint,
  type PageOptions,
  parsePage,
  type RepoTokenOptions,
  repoServiceFor,
  tokenSelector,
} from './repo-common.js';

export type RepoListOptions = RepoTokenOptions & PageOptions;

/** `repo list`: the repositories the token reaches; `--json` prints `{ items, nextCursor }`. */
export async function repoListCommand(options: RepoListOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    checkTokenOptions(options);
    const page = parsePage(options);
    const vault = await open();
    const selector = await tokenSelector(vault, options);
    const listed = orFail(await repoServiceFor(vault).listRepos(LOCAL_OWNER_ID, selector, page, CLI_ACTOR));
    if (options.json) {
      printJson(listed);
      return EXIT.ok;
    }
    process.stdout.write(formatRepoTable(listed.items));
    nextPageHint(listed.nextCursor);
    return EXIT.ok;
  });
}
