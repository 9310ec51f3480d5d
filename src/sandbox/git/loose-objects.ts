import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * Writes git objects the way git itself does (`<type> <size>\0<content>`, SHA-1 named, zlib
 * deflated under `objects/xx/…`): one file per object, no process per object. Spawning git once per
 * file made a 1,000-file commit take seconds; this takes milliseconds, and contents never go
 * through a temp file outside the repository (they may hold secrets).
 */
export type ObjectType = 'blob' | 'tree' | 'commit';

export interface LooseObject {
  type: ObjectType;
  content: Buffer;
}

export function objectSha(type: ObjectType, content: Buffer): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}

/** How many files are written at once: enough to overlap I/O, well under the open-file limit. */
const PARALLEL = 32;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function writeOne(gitDir: string, dirs: Set<string>, object: LooseObject): Promise<string> {
  const sha = objectSha(object.type, object.content);
  const dir = join(gitDir, 'objects', sha.slice(0, 2));
  const path = join(dir, sha.slice(2));
  if (!dirs.has(dir)) {
    await mkdir(dir, { recursive: true });
    dirs.add(dir);
  }
  if (await exists(path)) return sha;
  const header = Buffer.from(`${object.type} ${object.content.length}\0`);
  const data = deflateSync(Buffer.concat([header, object.content]), { level: 1 });
  // Temp name then rename, as git does: a reader never sees half an object; read-only like git's.
  const temp = join(dir, `tmp_obj_${randomBytes(6).toString('hex')}`);
  await writeFile(temp, data, { mode: 0o444 });
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    if (!(await exists(path))) throw error;
  }
  return sha;
}

/**
 * Writes objects into the bare repository at `gitDir` and returns their shas in input order.
 * `dirs` remembers the `objects/xx` directories already made there (saves a `mkdir` per object).
 */
export async function writeObjects(
  gitDir: string,
  dirs: Set<string>,
  objects: LooseObject[],
): Promise<string[]> {
  const shas: string[] = new Array(objects.length);
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const index = next++;
      shas[index] = await writeOne(gitDir, dirs, objects[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, objects.length) }, worker));
  return shas;
}
