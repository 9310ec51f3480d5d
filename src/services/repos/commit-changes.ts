import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { scanFiles, secretDetectedError } from '../../domain/secret-scan/index.js';
import type { FileChange } from '../../forges/repo-types.js';
import type { CommitRequest } from './types.js';

/** Longest repository path we send: git itself has no limit, the forges refuse far shorter ones. */
const MAX_PATH = 4096;

/**
 * The changes of one commit, checked before anything leaves: paths a repository can hold (relative,
 * no `.`/`..`/`.git` segment, no empty segment), each path once, at least one change — then the
 * secret scan of every file's content unless the caller allows secrets (issue 5 §3). Bytes stay
 * bytes: whether a file goes as text or binary is the adapter's call (forges.md §1.8, §2.8, §3.8).
 */
export function commitChanges(input: CommitRequest): Result<FileChange[], FkError> {
  const seen = new Set<string>();
  const changes: FileChange[] = [];
  for (const file of input.files) {
    const bad = pathProblem(file.path) ?? duplicate(seen, file.path);
    if (bad !== null) return err(bad);
    changes.push({
      action: 'put',
      path: file.path,
      content: file.content,
      ...(file.executable ? { executable: true } : {}),
    });
  }
  for (const path of input.delete ?? []) {
    const bad = pathProblem(path) ?? duplicate(seen, path);
    if (bad !== null) return err(bad);
    changes.push({ action: 'delete', path });
  }
  if (changes.length === 0) {
    return err(
      fkError('invalid_input', {
        message: 'The commit has no files to add, change or delete.',
        remediation: 'Give at least one file (or one path to delete).',
      }),
    );
  }
  if (input.message.trim() === '') {
    return err(
      fkError('invalid_input', {
        message: 'The commit message is empty.',
        remediation: 'Give a commit message.',
      }),
    );
  }
  if (!input.allowSecrets) {
    const findings = scanFiles(input.files);
    if (findings.length > 0) return err(secretDetectedError(findings));
  }
  return ok(changes);
}

function pathProblem(path: string): FkError | null {
  const segments = path.split('/');
  const wrong =
    path.length === 0 ||
    path.length > MAX_PATH ||
    path.includes('\0') ||
    path.includes('\\') ||
    segments.some(
      (segment) => segment === '' || segment === '.' || segment === '..' || segment.toLowerCase() === '.git',
    );
  if (!wrong) return null;
  return fkError('invalid_input', {
    message: `"${path.slice(0, 200)}" is not a path a repository can hold.`,
    remediation:
      'Give paths relative to the repository root with "/" between directories (src/app.ts), without empty, ".", ".." or ".git" parts.',
    details: { path: path.slice(0, 200) },
  });
}

function duplicate(seen: Set<string>, path: string): FkError | null {
  if (!seen.has(path)) {
    seen.add(path);
    return null;
  }
  return fkError('invalid_input', {
    message: `"${path.slice(0, 200)}" appears twice in the commit.`,
    remediation: 'Give each path once: either its new content or a deletion.',
    details: { path: path.slice(0, 200) },
  });
}
