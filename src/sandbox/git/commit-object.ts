import type { CommitInfo, GitIdentity } from './types.js';

/**
 * Commit objects, written and read by hand: the same bytes `git commit-tree` makes, without a
 * process. Dates are the sandbox clock's, in UTC (`+0000`).
 */

/** Git drops `<`, `>` and line breaks from names and emails ("crud" in git's ident.c). */
function clean(value: string): string {
  return value.replace(/[<>\0\n\r]/g, '').trim();
}

function identLine(identity: GitIdentity): string {
  const seconds = Math.floor(identity.dateMs / 1000);
  return `${clean(identity.name)} <${clean(identity.email)}> ${seconds} +0000`;
}

export interface CommitFields {
  tree: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

export function commitContent(fields: CommitFields): Buffer {
  const lines = [`tree ${fields.tree}`, ...fields.parents.map((parent) => `parent ${parent}`)];
  lines.push(`author ${identLine(fields.author)}`, `committer ${identLine(fields.committer)}`);
  return Buffer.from(`${lines.join('\n')}\n\n${fields.message}`, 'utf8');
}

const IDENT = /^(.*) <(.*)> (\d+) ([+-])(\d\d)(\d\d)$/;

function parseIdent(value: string): GitIdentity {
  const match = IDENT.exec(value);
  if (!match) return { name: value, email: '', dateMs: 0 };
  // The instant is the epoch seconds; the offset only says which wall clock the author had.
  return { name: match[1] ?? '', email: match[2] ?? '', dateMs: Number(match[3]) * 1000 };
}

export function parseCommit(sha: string, content: Buffer): CommitInfo {
  const text = content.toString('utf8');
  const split = text.indexOf('\n\n');
  const header = split < 0 ? text : text.slice(0, split);
  const message = split < 0 ? '' : text.slice(split + 2);
  const info: CommitInfo = {
    sha,
    tree: '',
    parents: [],
    message,
    author: { name: '', email: '', dateMs: 0 },
    committer: { name: '', email: '', dateMs: 0 },
  };
  for (const line of header.split('\n')) {
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === 'tree') info.tree = value;
    else if (key === 'parent') info.parents.push(value);
    else if (key === 'author') info.author = parseIdent(value);
    else if (key === 'committer') info.committer = parseIdent(value);
  }
  return info;
}
