import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/clients is its own tier (npm run test:clients, vitest.clients.config.ts): it needs the
    // pinned client CLIs and a loopback-only network namespace.
    exclude: ['**/node_modules/**', 'test/clients/**'],
    // The run gets its own TMPDIR and fails when a test leaves an mcpc-* folder in it.
    globalSetup: ['test/support/temp-dir-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
