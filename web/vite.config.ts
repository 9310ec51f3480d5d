/// <reference types="node" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web UI, built into dist/web and served by the API server (src/server/ui) under its strict
 * CSP: one module script and one stylesheet from /assets, no inline script or style, no CDN.
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // The preload polyfill is an inline script, which the CSP forbids; one chunk needs none.
    modulePreload: { polyfill: false },
    // Small icons would otherwise become data: URLs, which img-src 'self' refuses.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
