import { describe, expect, it } from 'vitest';
import { killLoop } from '../support/kill-loop.js';

describe('SIGKILL loop (test:soak)', () => {
  it('survives 50 kills during registration, refresh and config rewrites', async () => {
    const r = await killLoop(Number(process.env.SOAK_KILLS ?? 50));
    console.log(`kill loop: ${JSON.stringify(r)}`);
    expect(r.kills).toBe(Number(process.env.SOAK_KILLS ?? 50));
    expect(r.registrationsSeen).toBeGreaterThan(0);
  }, 600_000);
});
