import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHES } from './benches.js';
import { round } from './stats.js';
import type { BenchResult } from './types.js';

// `npm run bench [-- id …]` runs every benchmark (or the named ones) and rewrites docs/benchmarks.md.
// Each runs in a process of its own (bench/run-one.ts): one benchmark's heap, threads and child
// processes never weigh on the next (a large heap makes every process spawn slower, for one).

const runOne = fileURLToPath(new URL('./run-one.ts', import.meta.url));
const only = process.argv.slice(2);
const results: BenchResult[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'fk-bench-'));
try {
  for (const bench of BENCHES) {
    if (only.length > 0 && !only.includes(bench.id)) continue;
    process.stderr.write(`bench ${bench.id} …\n`);
    const file = join(scratch, `${bench.id}.json`);
    const child = spawnSync(process.execPath, [...process.execArgv, runOne, bench.id, file], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0)
      throw new Error(`bench ${bench.id} failed (exit ${child.status ?? child.signal})`);
    const result = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
    results.push(result);
    process.stderr.write(
      `  ${result.ratioLabel}: ${round(result.ratio, 2)}× (target ${result.target}) ${result.met ? 'met' : 'NOT met'}\n`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${round(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${process.platform}`;
const sections = results.map((result) => {
  const header = `| | ${result.columns.join(' | ')} |\n|---|${result.columns.map(() => '---:').join('|')}|`;
  const rows = result.rows.map((row) => `| ${row.what} | ${row.cells.join(' | ')} |`).join('\n');
  return [
    `## ${result.title}`,
    '',
    `Issue #${result.issue}. ${result.method}`,
    '',
    header,
    rows,
    '',
    `**${result.ratioLabel}: ${round(result.ratio, 2)}×** — target ${result.target}: ${result.met ? 'met' : '**not met**'}.`,
    '',
  ].join('\n');
});
const page = [
  '# Benchmarks',
  '',
  'Written by `npm run bench`; every figure beside its baseline measured in the same run.',
  `Last run: ${new Date().toISOString()} on ${machine}.`,
  '',
  ...sections,
].join('\n');
if (only.length === 0) writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), page);
else process.stdout.write(page);
