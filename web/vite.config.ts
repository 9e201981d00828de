// Builds the dashboard (index.html) and the GraphiQL playground (playground.html); also configures Vitest.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const backend = process.env.BANGUI_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      onLog(level, log, handler) {
        // graphiql's modules carry React compiler directives that bundling drops harmlessly.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        playground: resolve(import.meta.dirname, 'playground.html'),
      },
    },
  },
  server: {
    proxy: {
      '/graphql/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
      '/graphql': { target: backend },
      '/export': { target: backend },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.ts'],
  },
});
