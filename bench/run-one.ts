import { writeFileSync } from 'node:fs';
import { BENCHES } from './benches.js';

// One benchmark in this process: `node --import tsx bench/run-one.ts <id> <result.json>`, as
// bench/run.ts runs each. Writes the result as JSON to the file named.
const [id, file] = process.argv.slice(2);
const bench = BENCHES.find((candidate) => candidate.id === id);
if (bench === undefined || file === undefined) {
  process.stderr.write(`usage: run-one.ts <${BENCHES.map((b) => b.id).join('|')}> <result.json>\n`);
  process.exit(2);
}
writeFileSync(file, JSON.stringify(await bench.run()));
// Whatever a benchmark left running (a pool's idle sockets, a timer) must not hold the result back.
process.exit(0);
