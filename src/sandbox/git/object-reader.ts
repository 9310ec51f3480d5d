import { runGit } from './git-exec.js';

/**
 * Reads objects with `git cat-file --batch(-check)`: one process answers many questions, whether
 * the objects are loose (written by the store) or packed (pushed over git).
 */
export interface ObjectHeader {
  sha: string;
  type: string;
  size: number;
}

/** Type and size of each object named (`<sha>`, `<sha>^{tree}`, `<sha>:<path>`); null when missing. */
export async function checkObjects(
  gitDir: string,
  home: string,
  specs: string[],
): Promise<(ObjectHeader | null)[]> {
  if (specs.length === 0) return [];
  const { stdout } = await runGit(gitDir, home, ['cat-file', '--batch-check'], {
    input: `${specs.join('\n')}\n`,
  });
  const lines = stdout.toString('utf8').split('\n');
  return specs.map((_spec, index) => {
    const [sha = '', type = '', size = ''] = (lines[index] ?? '').split(' ');
    if (type === 'missing' || type === 'ambiguous' || size === '' || !/^\d+$/.test(size)) return null;
    return { sha, type, size: Number(size) };
  });
}

/** One object's header and content; null when missing. */
export async function readObject(
  gitDir: string,
  home: string,
  spec: string,
): Promise<(ObjectHeader & { content: Buffer }) | null> {
  const { stdout } = await runGit(gitDir, home, ['cat-file', '--batch'], { input: `${spec}\n` });
  const newline = stdout.indexOf(0x0a);
  if (newline < 0) return null;
  const [sha = '', type = '', size = ''] = stdout.subarray(0, newline).toString('utf8').split(' ');
  if (!/^\d+$/.test(size)) return null;
  const content = stdout.subarray(newline + 1, newline + 1 + Number(size));
  return { sha, type, size: Number(size), content };
}
