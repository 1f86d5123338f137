import { defineConfig } from 'vitest/config';

// `npm run test:soak`: the long runs (SIGKILL loop, 100k-call soak), one at a time.
export default defineConfig({
  test: {
    include: ['test/soak/**/*.soak.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 1_800_000,
    execArgv: ['--expose-gc'],
  },
});
