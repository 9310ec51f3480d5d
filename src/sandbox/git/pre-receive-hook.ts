import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The pre-receive hook installed in every sandbox repository. `git receive-pack` (run by
 * `git http-backend`) calls it with the pushed ref updates on stdin and the environment the git
 * hosting sets:
 * - `FK_FORGE`: which forge's words to use;
 * - `FK_PROTECTED`: protected branch names, one per line;
 * - `FK_WORKFLOWS`: `deny` when the token may not touch `.github/workflows/` (GitHub, forges.md §1.5).
 * Whatever it prints reaches the pusher as `remote: …` lines; exiting 1 refuses the whole push.
 * Without these variables (a push made outside the hosting) it allows everything.
 */
export const PRE_RECEIVE_HOOK = `#!/bin/sh
# Forgekeeper sandbox: refuse what the forge would refuse (forges.md §1.4, §1.5, §2.9).
zero=0000000000000000000000000000000000000000
refused=0
while read -r old new ref; do
  case "$ref" in
    refs/heads/*) branch=\${ref#refs/heads/} ;;
    *) continue ;;
  esac
  if [ -n "$FK_PROTECTED" ] && printf '%s\\n' "$FK_PROTECTED" | grep -Fqx -- "$branch"; then
    case "$FK_FORGE" in
      github)
        echo "error: GH006: Protected branch update failed for $ref."
        echo "error: Changes must be made through a pull request." ;;
      gitlab) echo "GitLab: You are not allowed to push code to protected branches on this project." ;;
      *) echo "Branch restriction: you are not allowed to push to $branch." ;;
    esac
    refused=1
    continue
  fi
  if [ "$FK_WORKFLOWS" = deny ] && [ "$new" != "$zero" ]; then
    if [ "$old" = "$zero" ]; then
      base=$(git rev-parse -q --verify HEAD^{commit} 2>/dev/null)
    else
      base=$old
    fi
    if [ -n "$base" ]; then
      changed=$(git diff-tree -r --name-only --no-renames --diff-filter=d "$base" "$new" -- .github/workflows)
    else
      changed=$(git ls-tree -r --name-only "$new" -- .github/workflows)
    fi
    path=$(printf '%s\n' "$changed" | head -n 1)
    if [ -n "$path" ]; then
      echo "refusing to allow a Personal Access Token to create or update workflow \\\`$path\\\` without \\\`workflow\\\` scope"
      refused=1
    fi
  fi
done
exit $refused
`;

export async function installPreReceiveHook(gitDir: string): Promise<void> {
  const path = join(gitDir, 'hooks', 'pre-receive');
  await writeFile(path, PRE_RECEIVE_HOOK, { mode: 0o755 });
  await chmod(path, 0o755);
}
