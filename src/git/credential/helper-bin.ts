import { existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** The helper's executable name: git runs `credential.helper=forgekeeper` as `git credential-forgekeeper`. */
export const HELPER_COMMAND = 'git-credential-forgekeeper';

/**
 * The `credential.helper` value that runs this installation's helper: `forgekeeper` when
 * `git-credential-forgekeeper` is on PATH (a package install), else the absolute path of the bin
 * beside the running CLI (a checkout), which git runs as it is.
 */
export function helperConfigValue(env: NodeJS.ProcessEnv = process.env): string {
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, HELPER_COMMAND)));
  return onPath ? 'forgekeeper' : helperBinPath();
}

/** bin/git-credential-forgekeeper.cjs beside the CLI's own bin (bin/forgekeeper.js). */
export function helperBinPath(): string {
  const cli = process.argv[1] ?? '';
  let dir = dirname(cli);
  try {
    dir = dirname(realpathSync(cli));
  } catch {
    // Not a file (tests running the sources): keep the given directory.
  }
  return join(dir, `${HELPER_COMMAND}.cjs`);
}
