import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { cliStartup } from './cli-startup.js';
import { commitFiles } from './commit-files.js';
import { credentialHelper } from './credential-helper.js';
import { cryptoSeal } from './crypto-seal.js';
import { gitPush } from './git-push.js';
import { inspectMany } from './inspect-many.js';
import { listTokens } from './list-tokens.js';
import { refreshAll } from './refresh-all.js';
import { serverApi } from './server-api.js';
import { round } from './stats.js';
import type { Bench, BenchResult } from './types.js';
import { withToken } from './with-token.js';

// `npm run bench [-- id …]` runs every benchmark (or the named ones) and rewrites docs/benchmarks.md.
const benches: Bench[] = [
  cliStartup,
  inspectMany,
  refreshAll,
  withToken,
  cryptoSeal,
  listTokens,
  serverApi,
  commitFiles,
  gitPush,
  credentialHelper,
];

const only = process.argv.slice(2);
const results: BenchResult[] = [];
for (const bench of benches) {
  if (only.length > 0 && !only.includes(bench.id)) continue;
  process.stderr.write(`bench ${bench.id} …\n`);
  const result = await bench.run();
  results.push(result);
  process.stderr.write(
    `  ${result.ratioLabel}: ${round(result.ratio, 2)}× (target ${result.target}) ${result.met ? 'met' : 'NOT met'}\n`,
  );
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
