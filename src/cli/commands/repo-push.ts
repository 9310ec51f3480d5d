import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { usageError } from '../parse-options.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, vaultCommand } from '../vault/vault-command.js';
import {
  checkTokenOptions,
  parseAuthor,
  parseRepo,
  type RepoTokenOptions,
  repoServiceFor,
  tokenSelector,
} from './repo-common.js';
import { isDirectory } from './repo-files.js';

export interface RepoPushOptions extends RepoTokenOptions {
  repo?: string;
  branch?: string;
  force?: boolean;
  allowSecrets?: boolean;
  message?: string;
  author?: string;
}

/**
 * `repo push DIR --repo OWNER/NAME`: pushes a git repository's branch, or a plain directory as one
 * commit, with system git over HTTPS. The token reaches git only from memory (docs/push.md); what
 * would leave is scanned for secrets first; `--force` only when given.
 */
export async function repoPushCommand(dir: string, options: RepoPushOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    checkTokenOptions(options);
    const repo = parseRepo(options.repo, '--repo');
    const author = parseAuthor(options.author);
    if (!(await isDirectory(dir)))
      throw usageError(`${dir} is not a directory.`, 'Give the directory to push.');
    const vault = await open();
    const selector = await tokenSelector(vault, options);
    const controller = new AbortController();
    const stop = () => controller.abort(new Error('interrupted'));
    process.once('SIGINT', stop);
    try {
      const input = {
        dir,
        repo,
        signal: controller.signal,
        ...(options.branch === undefined ? {} : { branch: options.branch }),
        ...(options.force ? { force: true } : {}),
        ...(options.allowSecrets ? { allowSecrets: true } : {}),
        ...(options.message === undefined ? {} : { message: options.message }),
        ...(author === undefined ? {} : { author }),
      };
      const pushed = orFail(await repoServiceFor(vault).push(LOCAL_OWNER_ID, selector, input, CLI_ACTOR));
      if (options.json) printJson(pushed);
      else {
        const forced = pushed.forced ? ' (forced)' : '';
        process.stdout.write(
          `Pushed ${pushed.branch} at ${pushed.sha}${forced} to ${pushed.remoteUrl} (${pushed.filesScanned} files scanned for secrets)\n`,
        );
      }
      return EXIT.ok;
    } finally {
      process.off('SIGINT', stop);
    }
  });
}
