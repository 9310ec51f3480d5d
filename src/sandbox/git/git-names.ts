/**
 * Checks on what callers hand the store: paths in trees, branch names and object ids. Each refusal
 * is a `GitInputError` whose message the forge routes can show as is (forges.md §1.8: GitHub answers
 * 422 for a bad tree path or an unknown blob).
 */
export class GitInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitInputError';
  }
}

const SHA = /^[0-9a-f]{40}$/;

export function isSha(value: string): boolean {
  return SHA.test(value);
}

export function requireSha(value: string, what: string): string {
  if (!isSha(value)) throw new GitInputError(`${what} "${value}" is not a 40-character hexadecimal sha`);
  return value;
}

/**
 * The segments of a path inside a tree. Refused: empty path, leading or trailing `/`, empty
 * segment, `.` or `..`, `.git` in any case (git refuses such trees on checkout), and NUL or newline.
 */
export function pathSegments(path: string): string[] {
  if (path === '') throw new GitInputError('a tree path must not be empty');
  if (/[\0\n\r]/.test(path)) throw new GitInputError(`the path "${path}" contains a control character`);
  if (path.startsWith('/')) throw new GitInputError(`the path "${path}" must not start with "/"`);
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '') throw new GitInputError(`the path "${path}" has an empty segment`);
    if (segment === '.' || segment === '..') {
      throw new GitInputError(`the path "${path}" must not contain "${segment}"`);
    }
    if (segment.toLowerCase() === '.git')
      throw new GitInputError(`the path "${path}" must not contain ".git"`);
  }
  return segments;
}

/** `git check-ref-format` rules for a branch name (the part after `refs/heads/`). */
export function isValidBranchName(name: string): boolean {
  if (name === '' || name === '@' || name.startsWith('-') || name.startsWith('/') || name.endsWith('/')) {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what git refuses.
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name) || name.includes('..') || name.includes('@{')) return false;
  if (name.includes('//') || name.endsWith('.')) return false;
  return name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}

export function requireBranchName(name: string): string {
  if (!isValidBranchName(name)) throw new GitInputError(`"${name}" is not a valid branch name`);
  return name;
}
