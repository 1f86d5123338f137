// The real-client tier (`npm run test:clients`): the pinned client CLIs from npm against the
// companion, inside a loopback-only network namespace (test/clients/run.sh sets it up).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    globalSetup: ['test/clients/support/loopback-only.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: two client files at a time; each runs its own serve and reference servers.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
