// Bundles the CLI with esbuild. Code splitting keeps start-up small: a command loads only the
// chunks it imports (dynamic import() per command), so `inspect --offline` never loads the HTTP
// pipeline, the vault, the sandbox or Fastify.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

/**
 * commander requires `node:child_process` at load time, only to run executable subcommands, which
 * Forgekeeper does not use; loading it costs several milliseconds of every start. Inside commander
 * it is replaced by a proxy that loads the real module on first use. Our own imports are untouched.
 */
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'lazy-child-process', namespace: 'fk-shim' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'fk-shim' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

await build({
  // `git-local` is what the git credential helper loads when no agent runs: the vault, in-process.
  entryPoints: { cli: 'src/cli/main.ts', 'git-local': 'src/git/credential/local-answer.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Small pure-JS dependencies (commander, zod) are bundled: resolving them from node_modules and
  // starting the CommonJS loader cost more start-up than their code. Native modules and the
  // server-side packages stay external.
  external: [
    'fastify',
    '@fastify/*',
    'pino',
    'prom-client',
    'kysely',
    'better-sqlite3',
    'pg',
    '@node-rs/argon2',
    'undici',
  ],
  // Bundled CommonJS code (commander) calls require() for Node's built-ins; ESM has no require.
  banner: {
    js: "import { createRequire as __fkCreateRequire } from 'node:module'; const require = __fkCreateRequire(import.meta.url);",
  },
  plugins: [lazyChildProcessForCommander],
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
});

// The git credential helper (bin/git-credential-forgekeeper.cjs): its own tiny bundle of Node
// built-ins only, CommonJS because Node starts that a few milliseconds sooner than an ES module,
// and a helper's time is nearly all start-up (bench/credential-helper.ts). Without an agent it
// loads dist/git-local.js (above) for the vault.
await build({
  entryPoints: ['src/git/credential/helper-entry.ts'],
  outfile: 'dist/credential-helper.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
});
