// Cross-process mutual exclusion on the shared file: the app and a CLI must not refresh the
// same upstream token at once (a rotated refresh token is single-use). One UPSERT decides
// atomically; an expired lease is simply overwritten. Wall-clock time is shared by processes.
import type { StoreContext } from './context.js';

export function createLeases({ db, now }: StoreContext) {
  const acquire = db.prepare<[{ key: string; owner: string; now: number; expiresAt: number }]>(`
    INSERT INTO leases (key, owner, expires_at) VALUES (@key, @owner, @expiresAt)
    ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
    WHERE leases.owner = excluded.owner OR leases.expires_at <= @now`);
  const release = db.prepare<[string, string]>('DELETE FROM leases WHERE key = ? AND owner = ?');

  return {
    /** True if acquired or renewed by the same owner; false while another owner holds it. */
    tryAcquireLease(key: string, owner: string, ttlMs: number): boolean {
      const at = now();
      return acquire.run({ key, owner, now: at, expiresAt: at + Math.max(0, ttlMs) }).changes === 1;
    },
    releaseLease(key: string, owner: string): void {
      release.run(key, owner);
    },
  };
}
