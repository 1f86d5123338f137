// The reduced soak that runs with every `npm test` (the full run is `npm run test:soak`).
import { describe, expect, it } from 'vitest';
import { soakTraffic } from '../support/soak-traffic.js';

describe('soak (reduced)', () => {
  it('1,500 proxied calls across token expiries: every call answered correctly', async () => {
    const r = await soakTraffic(1500, 8, 1);
    expect(r.errors).toBe(0);
    expect(r.refreshes).toBeGreaterThanOrEqual(1);
    expect(r.registrations).toBe(1);
  }, 120_000);
});
