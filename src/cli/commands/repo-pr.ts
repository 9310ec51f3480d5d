import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatPullLine } from '../format/repo-tables.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, vaultCommand } from '../vault/vault-command.js';
import {
  checkTokenOptions,
  parseRepo,
  type RepoTokenOptions,
  repoServiceFor,
  tokenSelector,
} from './repo-common.js';

export interface RepoPrOptions extends RepoTokenOptions {
  head: string;
  base: string;
  title: string;
  body?: string;
  draft?: boolean;
}

/** `repo pr OWNER/NAME --head B --base main --title T`: a pull request (GitLab: merge request). */
export async function repoPrCommand(repoArg: string, options: RepoPrOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    checkTokenOptions(options);
    const repo = parseRepo(repoArg);
    const vault = await open();
    const selector = await tokenSelector(vault, options);
    const input = {
      repo,
      head: options.head,
      base: options.base,
      title: options.title,
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.draft ? { draft: true } : {}),
    };
    const pull = orFail(
      await repoServiceFor(vault).openPullRequest(LOCAL_OWNER_ID, selector, input, CLI_ACTOR),
    );
    if (options.json) printJson(pull);
    else process.stdout.write(formatPullLine(pull));
    return EXIT.ok;
  });
}
