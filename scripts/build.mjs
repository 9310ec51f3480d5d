// Bundles the CLI entry points with esbuild. Code splitting keeps start-up small: a command loads
// only the chunks it imports (dynamic import() per command), so `inspect --offline` never loads
// the HTTP pipeline, the sandbox or Fastify.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
});
