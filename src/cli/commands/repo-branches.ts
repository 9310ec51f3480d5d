import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatBranchTable } from '../format/repo-tables.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, vaultCommand } from '../vault/vault-command.js';
import {
  checkTokenOptions,
  nextPageHint,
  type PageOptions,
  parsePage,
  parseRepo,
  type RepoTokenOptions,
  repoServiceFor,
  tokenSelector,
} from './repo-common.js';

export type RepoBranchesOptions = RepoTokenOptions & PageOptions;

/** `repo branches OWNER/NAME`: the branches, the default marked; `--json` adds `defaultBranch`. */
export async function repoBranchesCommand(repoArg: string, options: RepoBranchesOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    checkTokenOptions(options);
    const repo = parseRepo(repoArg);
    const page = parsePage(options);
    const vault = await open();
    const selector = await tokenSelector(vault, options);
    const service = repoServiceFor(vault);
    const listed = orFail(await service.listBranches(LOCAL_OWNER_ID, selector, { ...page, repo }, CLI_ACTOR));
    if (options.json) {
      printJson(listed);
      return EXIT.ok;
    }
    process.stdout.write(formatBranchTable(listed.items, listed.defaultBranch));
    nextPageHint(listed.nextCursor);
    return EXIT.ok;
  });
}
