import type { CommitFile } from '../../services/repos/index.js';
import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatCommitLine } from '../format/repo-tables.js';
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
import { readDirectory, readFileOptions } from './repo-files.js';

export interface RepoCommitOptions extends RepoTokenOptions {
  branch: string;
  base?: string;
  expectedHead?: string;
  message: string;
  author?: string;
  dir?: string;
  file?: string[];
  delete?: string[];
  allowSecrets?: boolean;
}

/**
 * `repo commit OWNER/NAME --branch B -m MSG --dir PATH | --file path=local … [--delete path …]`:
 * one commit through the forge's API (no git needed), to an existing branch or a new one from
 * `--base`. Content is scanned for secrets first (`--allow-secrets` overrides).
 */
export async function repoCommitCommand(repoArg: string, options: RepoCommitOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    checkTokenOptions(options);
    const repo = parseRepo(repoArg);
    const author = parseAuthor(options.author);
    if (options.expectedHead !== undefined && !/^[0-9a-f]{40}$/.test(options.expectedHead)) {
      throw usageError(
        '--expected-head must be a full commit sha (40 hex digits).',
        'Copy it from repo branches --json.',
      );
    }
    const files: CommitFile[] = [];
    if (options.dir !== undefined) {
      const read = await readDirectory(options.dir);
      for (const link of read.skippedLinks)
        process.stderr.write(`note: ${link} is a symbolic link; left out\n`);
      files.push(...read.files);
    }
    files.push(...(await readFileOptions(options.file ?? [])));
    const deletions = options.delete ?? [];
    if (files.length === 0 && deletions.length === 0) {
      throw usageError('Nothing to commit.', 'Give --dir PATH, --file path=localpath or --delete path.');
    }
    const vault = await open();
    const selector = await tokenSelector(vault, options);
    const input = {
      repo,
      branch: options.branch,
      message: options.message,
      files,
      ...(deletions.length === 0 ? {} : { delete: deletions }),
      ...(options.base === undefined ? {} : { baseBranch: options.base }),
      ...(options.expectedHead === undefined ? {} : { expectedHead: options.expectedHead }),
      ...(author === undefined ? {} : { author }),
      ...(options.allowSecrets ? { allowSecrets: true } : {}),
    };
    const commit = orFail(
      await repoServiceFor(vault).commitFiles(LOCAL_OWNER_ID, selector, input, CLI_ACTOR),
    );
    if (options.json) printJson(commit);
    else process.stdout.write(formatCommitLine(commit, files.length + deletions.length));
    return EXIT.ok;
  });
}
