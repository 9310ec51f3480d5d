import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatRepoLine } from '../format/repo-tables.js';
import { usageError } from '../parse-options.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, vaultCommand } from '../vault/vault-command.js';
import { checkTokenOptions, type RepoTokenOptions, repoServiceFor, tokenSelector } from './repo-common.js';

export interface RepoCreateOptions extends RepoTokenOptions {
  owner?: string;
  public?: boolean;
  description?: string;
  defaultBranch?: string;
  initialize?: boolean;
  project?: string;
  ifExists?: string;
}

/**
 * `repo create NAME`: a private, empty repository by default, in the token owner's namespace or
 * `--owner`'s. `--if-exists reuse` answers an existing repository of that name instead of failing.
 */
export async function repoCreateCommand(name: string, options: RepoCreateOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    checkTokenOptions(options);
    const ifExists = parseIfExists(options.ifExists);
    if (name.includes('/')) {
      throw usageError(
        'Give the repository name alone.',
        'Put the organisation, group or workspace in --owner: repo create app --owner acme.',
      );
    }
    const vault = await open();
    const selector = await tokenSelector(vault, options);
    const input = {
      name,
      private: !options.public,
      ifExists,
      ...(options.owner === undefined ? {} : { owner: options.owner }),
      ...(options.description === undefined ? {} : { description: options.description }),
      ...(options.defaultBranch === undefined ? {} : { defaultBranch: options.defaultBranch }),
      ...(options.initialize ? { initialize: true } : {}),
      ...(options.project === undefined ? {} : { project: options.project }),
    };
    const outcome = orFail(
      await repoServiceFor(vault).createRepo(LOCAL_OWNER_ID, selector, input, CLI_ACTOR),
    );
    if (options.json) printJson(outcome);
    else process.stdout.write(formatRepoLine(outcome.repository, outcome.created));
    return EXIT.ok;
  });
}

function parseIfExists(value: string | undefined): 'fail' | 'reuse' {
  if (value === undefined || value === 'fail' || value === 'reuse') return value ?? 'fail';
  throw usageError(
    '--if-exists must be fail or reuse.',
    'fail refuses a taken name; reuse answers the existing repository.',
  );
}
