// Bundles the CLI entry points with esbuild. Code splitting keeps start-up small: a command loads
// only the chunks it imports (dynamic import() per command), so `inspect --offline` never loads
// the HTTP pipeline, the sandbox or Fastify.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Small ESM dependencies (zod) are bundled: resolving them from node_modules costs start-up.
  // CommonJS (commander: its require()s of node builtins break inside an ESM bundle), native and
  // server-side packages stay external.
  external: ['commander', 'fastify', 'pino', 'kysely', 'better-sqlite3', 'pg'],
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
});
