// The reduced form of the SIGKILL loop that runs with every `npm test` (the full 50 kills run in
// `npm run test:soak`).
import { describe, expect, it } from 'vitest';
import { killLoop } from '../support/kill-loop.js';

describe('SIGKILL loop (reduced)', () => {
  it('6 kills at random points leave a clean store and a valid config every time', async () => {
    const r = await killLoop(6);
    expect(r.kills).toBe(6);
    expect(r.registrationsSeen).toBeGreaterThan(0);
  }, 120_000);
});
