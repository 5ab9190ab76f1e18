import { defineConfig } from 'vite';

// Absolute path of web/, so that `vite build web` (from the repo root) and `vite` (from web/) agree.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
const api = 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    // locales/ lives beside web/, one level up.
    fs: { allow: [`${root}..`] },
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api },
      '/ws': { target: api.replace('http', 'ws'), ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: api },
      '/healthz': { target: api },
      '/ws': { target: api.replace('http', 'ws'), ws: true },
    },
  },
});
