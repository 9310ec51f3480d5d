import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, percentile, round } from './stats.js';
import type { Bench, BenchResult } from './types.js';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 40);
const cli = fileURLToPath(new URL('../bin/forgekeeper.js', import.meta.url));
// A valid classic token (the public worked example from forges.md; long dead).
const token = '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';

function time(args: string[], input?: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { input, stdio: ['pipe', 'ignore', 'inherit'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return elapsed;
}

/** `forgekeeper inspect --offline` against a bare `node -e 0`, interleaved so both see the same machine. */
export const cliStartup: Bench = {
  id: 'cli-startup',
  async run(): Promise<BenchResult> {
    const bare: number[] = [];
    const inspect: number[] = [];
    time(['-e', '0']);
    time([cli, 'inspect', '--offline', '--forge', 'github'], token);
    for (let i = 0; i < RUNS; i++) {
      bare.push(time(['-e', '0']));
      inspect.push(time([cli, 'inspect', '--offline', '--forge', 'github'], token));
    }
    const ratio = median(inspect) / median(bare);
    return {
      title: 'CLI start-up: `forgekeeper inspect --offline`',
      issue: 2,
      method: `${RUNS} runs of each, interleaved; wall time of the whole process (spawn to exit), token on stdin.`,
      columns: ['median ms', 'p90 ms'],
      rows: [
        {
          what: 'baseline: `node -e 0`',
          cells: [String(round(median(bare))), String(round(percentile(bare, 90)))],
        },
        {
          what: '`forgekeeper inspect --offline --forge github`',
          cells: [String(round(median(inspect))), String(round(percentile(inspect, 90)))],
        },
      ],
      ratio,
      ratioLabel: 'median / bare node median',
      target: 'under 1.5×',
      met: ratio < 1.5,
    };
  },
};
