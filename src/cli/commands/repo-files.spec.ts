import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../run-command.js';
import { parseAuthor, parseRepo } from './repo-common.js';
import { readDirectory, readFileOptions } from './repo-files.js';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('repo command input', () => {
  it('reads a directory as repository paths with bytes and the executable bit, leaving out .git and links', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fk-repo-files-'));
    made.push(dir);
    await mkdir(join(dir, 'src/deep'), { recursive: true });
    await mkdir(join(dir, '.git/objects'), { recursive: true });
    await mkdir(join(dir, 'vendor/.git'), { recursive: true });
    await writeFile(join(dir, 'src/deep/a.ts'), 'export {};\n');
    await writeFile(join(dir, 'logo.bin'), Buffer.from([0, 255, 1]));
    await writeFile(join(dir, 'run.sh'), '#!/bin/sh\n');
    await chmod(join(dir, 'run.sh'), 0o755);
    await writeFile(join(dir, '.git/config'), '[core]\n');
    await writeFile(join(dir, 'vendor/.git/HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(dir, 'vendor/lib.js'), '1;\n');
    await symlink('src/deep/a.ts', join(dir, 'link.ts'));

    const read = await readDirectory(dir);
    expect(read.files.map((file) => [file.path, file.executable ?? false])).toEqual([
      ['logo.bin', false],
      ['run.sh', true],
      ['src/deep/a.ts', false],
      ['vendor/lib.js', false],
    ]);
    expect(Buffer.from(read.files[0]?.content ?? []).equals(Buffer.from([0, 255, 1]))).toBe(true);
    expect(read.skippedLinks).toEqual(['link.ts']);

    const [mapped] = await readFileOptions([`docs/readme.md=${join(dir, 'src/deep/a.ts')}`]);
    expect(mapped).toMatchObject({ path: 'docs/readme.md' });
    await expect(readFileOptions(['no-equals-sign'])).rejects.toBeInstanceOf(CliError);
    await expect(readFileOptions([`x=${join(dir, 'missing')}`])).rejects.toBeInstanceOf(CliError);
  });

  it('parses owner/name with GitLab subgroups, and authors', () => {
    expect(parseRepo('acme/app')).toEqual({ owner: 'acme', name: 'app' });
    expect(parseRepo('group/sub/project')).toEqual({ owner: 'group/sub', name: 'project' });
    for (const bad of ['app', '/app', 'acme/', 'acme/my app', undefined]) {
      expect(() => parseRepo(bad), String(bad)).toThrow(CliError);
    }
    expect(parseAuthor('Ada Lovelace <ada@example.com>')).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    expect(parseAuthor(undefined)).toBeUndefined();
    expect(() => parseAuthor('ada@example.com')).toThrow(CliError);
  });
});
