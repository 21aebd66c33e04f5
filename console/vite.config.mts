import { defineConfig } from 'vite';

// The console is a static single-page app served by the API server at `/` (src/modules/console).
// Vite 8 transforms TSX with oxc; React 19's automatic JSX runtime needs no plugin for a build.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // React libraries mark their modules "use client" (for server components); meaningless here.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') {
          return;
        }
        warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/exports': 'http://127.0.0.1:4000', '/console-api': 'http://127.0.0.1:4000' } },
});
