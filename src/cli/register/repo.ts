import type { Command } from 'commander';
import { runCommand } from '../run-command.js';
import { forgeOption, vaultOptions } from './vault-options.js';

const REPO = 'the repository, owner/name (GitLab: group/subgroup/project)';

/** Every `repo` command chooses its token the same way. */
function tokenOptions(command: Command, json?: string): Command {
  return vaultOptions(
    command
      .option('--token <token>', 'the token: its id, a unique id prefix or its label')
      .addOption(forgeOption("or: this forge's default token (with --api-url or --host for another host)"))
      .option('--api-url <url>', 'with --forge: the API base URL of the host (default: the public forge)')
      .option('--host <name>', 'or: a configured host (hosts list), its default token'),
    json,
  );
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `forgekeeper repo …`: act on the forges with a stored token — list, create, branches, commit,
 * push, pr, hook (docs/repos.md). Each action loads its module only when it runs (see main.ts).
 */
export function registerRepo(program: Command): void {
  const repo = program
    .command('repo')
    .description('Act on repositories with a stored token: list, create, branches, commit, push, pr, hook.');

  tokenOptions(
    repo
      .command('list')
      .description('List the repositories the token reaches.')
      .option('--cap <n>', 'at most this many (default 100, at most 1000)')
      .option('--cursor <cursor>', 'continue after an earlier answer (its nextCursor)'),
    'print { items, nextCursor }',
  ).action((options) =>
    runCommand(async () => (await import('../commands/repo-list.js')).repoListCommand(options)),
  );

  tokenOptions(
    repo
      .command('create')
      .description('Create a repository (private and empty unless told otherwise).')
      .argument('<name>', 'the repository name')
      .option('--owner <owner>', "an organisation, group path or workspace (default: the token owner's own)")
      .option('--public', 'make it public')
      .option('--description <text>', 'a description')
      .option('--default-branch <branch>', 'the default branch (default main)')
      .option('--initialize', 'let the forge make a first commit with a README')
      .option('--project <key>', 'Bitbucket: the project key')
      .option('--if-exists <what>', 'fail (default) or reuse a repository of that name', 'fail'),
    'print { repository, created }',
  ).action((name, options) =>
    runCommand(async () => (await import('../commands/repo-create.js')).repoCreateCommand(name, options)),
  );

  tokenOptions(
    repo
      .command('branches')
      .description('List the branches of a repository, the default marked.')
      .argument('<repo>', REPO)
      .option('--cap <n>', 'at most this many (default 100, at most 1000)')
      .option('--cursor <cursor>', 'continue after an earlier answer (its nextCursor)'),
    'print { items, nextCursor, defaultBranch }',
  ).action((repoArg, options) =>
    runCommand(async () =>
      (await import('../commands/repo-branches.js')).repoBranchesCommand(repoArg, options),
    ),
  );

  tokenOptions(
    repo
      .command('commit')
      .description('Make one commit through the forge API from a directory and/or files; no git needed.')
      .argument('<repo>', REPO)
      .requiredOption('--branch <branch>', 'the branch to commit to (created when missing)')
      .requiredOption('-m, --message <message>', 'the commit message')
      .option('--base <branch>', 'where a new branch starts (default: the default branch)')
      .option('--expected-head <sha>', 'fail with branch_moved unless the branch is at this commit')
      .option('--dir <path>', 'commit every file under this directory (paths relative to it; .git left out)')
      .option('--file <path=localpath>', 'put a local file at a repository path (repeatable)', collect)
      .option('--delete <path>', 'delete this repository path (repeatable)', collect)
      .option('--author <author>', '"Name <email>" (default: the token\'s account)')
      .option('--allow-secrets', 'send content even when the secret scan finds tokens or private keys'),
  ).action((repoArg, options) =>
    runCommand(async () => (await import('../commands/repo-commit.js')).repoCommitCommand(repoArg, options)),
  );

  tokenOptions(
    repo
      .command('push')
      .description(
        'Push a local git repository, or a plain directory as one commit, with system git over HTTPS.',
      )
      .argument('<dir>', 'the directory to push')
      .requiredOption('--repo <repo>', REPO)
      .option(
        '--branch <branch>',
        'the remote branch (default: the current branch, or main for a plain directory)',
      )
      .option('--force', 'overwrite the remote branch when it has commits the local one lacks')
      .option('--allow-secrets', 'push even when the secret scan finds tokens or private keys')
      .option('-m, --message <message>', 'the commit message for a plain directory')
      .option('--author <author>', '"Name <email>" of that commit'),
  ).action((dir, options) =>
    runCommand(async () => (await import('../commands/repo-push.js')).repoPushCommand(dir, options)),
  );

  tokenOptions(
    repo
      .command('pr')
      .description('Open a pull request (GitLab: a merge request).')
      .argument('<repo>', REPO)
      .requiredOption('--head <branch>', 'the source branch')
      .requiredOption('--base <branch>', 'the target branch')
      .requiredOption('--title <title>', 'the title')
      .option('--body <text>', 'the description')
      .option('--draft', 'open it as a draft'),
  ).action((repoArg, options) =>
    runCommand(async () => (await import('../commands/repo-pr.js')).repoPrCommand(repoArg, options)),
  );

  tokenOptions(
    repo
      .command('hook')
      .description(
        'Create a webhook for push and pull-request events. The secret never goes on the command line.',
      )
      .argument('<repo>', REPO)
      .requiredOption('--url <url>', 'where the forge delivers events')
      .option('--secret-env <name>', 'read the webhook secret from this environment variable')
      .option('--secret-stdin', 'read the webhook secret from standard input')
      .option('--events <events>', 'push, pull_request or both (default both)'),
  ).action((repoArg, options) =>
    runCommand(async () => (await import('../commands/repo-hook.js')).repoHookCommand(repoArg, options)),
  );
}
