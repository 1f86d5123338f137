import { describe, expect, it } from 'vitest';
import { soakTraffic } from '../support/soak-traffic.js';

describe('soak (test:soak)', () => {
  it('100k proxied calls with token expiries every 2 s: no error, no leak, no lost request', async () => {
    const calls = Number(process.env.SOAK_CALLS ?? 100_000);
    const r = await soakTraffic(calls);
    console.log(`soak: ${JSON.stringify(r)}`);
    expect(r.errors).toBe(0);
    expect(r.refreshes).toBeGreaterThan(1);
    expect(r.registrations).toBe(1);
    expect(r.heapEndMb - r.heapStartMb).toBeLessThan(10);
    expect(r.rssEndMb - r.rssStartMb).toBeLessThan(60);
    expect(r.handlesEnd - r.handlesStart).toBeLessThanOrEqual(4);
  }, 1_800_000);
});
