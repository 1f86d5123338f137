// What every table module receives: the one connection, the secret box and the clock.
import type { Db } from './database.js';
import type { SecretBox } from './types.js';

export interface StoreContext {
  db: Db;
  box: SecretBox;
  now: () => number;
  /** PRAGMA data_version (or the value pinned for the current request). */
  dataVersion: () => number;
  /** Told about every event after it is written (the logger listens here). */
  onEvent?: (type: string, server: string | undefined, detail: Record<string, unknown>) => void;
}

export function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function sealOptional(box: SecretBox, value: string | undefined): string | null {
  return value === undefined ? null : box.seal(value);
}

/**
 * `PRAGMA data_version` changes when another connection commits. A caller may pin one read for a
 * synchronous stretch of work (the gateway does, per request: server lookup and token check share
 * it); unpinned, every call reads afresh.
 */
export function pinnableVersion(read: () => number): { get: () => number; pin: (maxAgeMs?: number) => () => void } {
  let pinned: number | undefined;
  let last = { value: -1, at: -Infinity };
  return {
    get: () => pinned ?? read(),
    /** maxAgeMs > 0 reuses a read that recent (the gateway's hot path: see companion.ts). */
    pin: (maxAgeMs = 0) => {
      const t = performance.now();
      if (t - last.at > maxAgeMs) last = { value: read(), at: t };
      pinned = last.value;
      return () => { pinned = undefined; };
    },
  };
}
