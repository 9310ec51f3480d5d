import { localFrom, runHelper } from './helper-main.js';

// The bundle entry of `git-credential-forgekeeper` (dist/credential-helper.cjs, scripts/build.mjs).
// CommonJS on purpose: Node starts a CommonJS file a few milliseconds sooner than an ES module,
// and start-up is nearly all of a credential helper's time (bench/credential-helper.ts).
void runHelper(process.argv.slice(2), localFrom(__dirname));
