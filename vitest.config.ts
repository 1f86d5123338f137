import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/clients is its own tier (npm run test:clients, vitest.clients.config.ts): it needs the
    // pinned client CLIs and a loopback-only network namespace.
    exclude: ['**/node_modules/**', 'test/clients/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
