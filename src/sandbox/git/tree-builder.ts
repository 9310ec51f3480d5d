import { GitInputError, pathSegments } from './git-names.js';
import { type LooseObject, objectSha } from './loose-objects.js';
import type { TreeChange } from './types.js';

/**
 * Builds git trees in memory with GitHub's Git Data API semantics (forges.md §1.8): on a base tree
 * unlisted paths stay, without one only the listed paths exist, a `delete` removes a path, nested
 * paths make subtrees and a tree left empty disappears. Shas are computed here, so every new
 * object can then be written in one parallel batch.
 */
type Leaf = { kind: 'leaf'; mode: string; sha: string };
type Dir = { kind: 'dir'; sha: string | null; children: Map<string, Node> };
type Node = Leaf | Dir;

/** One line of `git ls-tree -r -t -z`: `<mode> <type> <sha>\t<path>`. */
export interface ListedEntry {
  mode: string;
  type: string;
  sha: string;
  path: string;
}

export function parseLsTree(output: Buffer, withSize: boolean): (ListedEntry & { size?: number })[] {
  const entries: (ListedEntry & { size?: number })[] = [];
  for (const record of output.toString('utf8').split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode = '', type = '', sha = '', size = '-'] = record.slice(0, tab).split(/ +/);
    const entry: ListedEntry & { size?: number } = { mode, type, sha, path: record.slice(tab + 1) };
    if (withSize && size !== '-') entry.size = Number(size);
    entries.push(entry);
  }
  return entries;
}

const emptyDir = (): Dir => ({ kind: 'dir', sha: null, children: new Map() });

/** The tree of a recursive listing (`ls-tree -r -t`), every subtree with its known sha. */
export function treeFromListing(rootSha: string, entries: ListedEntry[]): Dir {
  const root: Dir = { kind: 'dir', sha: rootSha, children: new Map() };
  const dirs = new Map<string, Dir>([['', root]]);
  for (const entry of entries) {
    const slash = entry.path.lastIndexOf('/');
    const parent = dirs.get(slash < 0 ? '' : entry.path.slice(0, slash));
    if (!parent) continue;
    const name = entry.path.slice(slash + 1);
    if (entry.type === 'tree') {
      const dir: Dir = { kind: 'dir', sha: entry.sha, children: new Map() };
      dirs.set(entry.path, dir);
      parent.children.set(name, dir);
    } else {
      parent.children.set(name, { kind: 'leaf', mode: entry.mode, sha: entry.sha });
    }
  }
  return root;
}

export function emptyTree(): Dir {
  return emptyDir();
}

/** Applies changes in order; `blobs` collects the blob objects to write. */
export function applyChanges(root: Dir, changes: TreeChange[], blobs: LooseObject[]): void {
  for (const change of changes) {
    const segments = pathSegments(change.path);
    const name = segments.pop()!;
    if ('delete' in change) {
      const parent = walk(root, segments, false);
      if (parent?.children.delete(name)) markDirty(root, segments);
      continue;
    }
    const mode = change.mode ?? '100644';
    if (!['100644', '100755', '120000'].includes(mode)) {
      throw new GitInputError(`the mode "${mode}" of "${change.path}" is not 100644, 100755 or 120000`);
    }
    let sha: string;
    if ('content' in change) {
      blobs.push({ type: 'blob', content: change.content });
      sha = objectSha('blob', change.content);
    } else {
      sha = change.blobSha;
    }
    const parent = walk(root, segments, true)!;
    // A path that was a directory (or a file on the way to one) is replaced: the last write wins.
    parent.children.set(name, { kind: 'leaf', mode, sha });
    markDirty(root, segments);
  }
}

function walk(root: Dir, segments: string[], create: boolean): Dir | null {
  let dir = root;
  for (const segment of segments) {
    const next = dir.children.get(segment);
    if (next?.kind === 'dir') {
      dir = next;
      continue;
    }
    if (!create) return null;
    const made = emptyDir();
    dir.children.set(segment, made);
    dir = made;
  }
  return dir;
}

function markDirty(root: Dir, segments: string[]): void {
  root.sha = null;
  let dir: Dir = root;
  for (const segment of segments) {
    const next = dir.children.get(segment);
    if (next?.kind !== 'dir') return;
    next.sha = null;
    dir = next;
  }
}

/** Git orders tree entries by name bytes, a subtree's name compared as if it ended in `/`. */
function sortKey(name: string, node: Node): Buffer {
  return Buffer.from(node.kind === 'dir' ? `${name}/` : name, 'utf8');
}

/**
 * Serialises every changed tree bottom-up, pushing the tree objects to `trees`, and returns the
 * root's sha. Empty subtrees are dropped (git cannot check them out); an empty root stays.
 */
export function serialise(dir: Dir, trees: LooseObject[]): string {
  if (dir.sha !== null) return dir.sha;
  const parts: { key: Buffer; bytes: Buffer }[] = [];
  for (const [name, node] of dir.children) {
    let mode: string;
    let sha: string;
    if (node.kind === 'dir') {
      if (node.sha === null && isEmpty(node)) continue;
      sha = serialise(node, trees);
      mode = '40000';
    } else {
      mode = node.mode === '040000' ? '40000' : node.mode;
      sha = node.sha;
    }
    const bytes = Buffer.concat([Buffer.from(`${mode} ${name}\0`, 'utf8'), Buffer.from(sha, 'hex')]);
    parts.push({ key: sortKey(name, node), bytes });
  }
  parts.sort((a, b) => Buffer.compare(a.key, b.key));
  const content = Buffer.concat(parts.map((part) => part.bytes));
  trees.push({ type: 'tree', content });
  dir.sha = objectSha('tree', content);
  return dir.sha;
}

function isEmpty(dir: Dir): boolean {
  for (const node of dir.children.values()) {
    if (node.kind === 'leaf' || !isEmpty(node)) return false;
  }
  return true;
}

/** The blob shas that changes refer to without giving content: they must exist. */
export function referencedBlobs(changes: TreeChange[]): string[] {
  const shas = new Set<string>();
  for (const change of changes) if ('blobSha' in change) shas.add(change.blobSha);
  return [...shas];
}
