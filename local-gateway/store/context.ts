// What every table module receives: the one connection, the secret box and the clock.
import type { Db } from './database.js';
import type { Freshness } from './freshness.js';
import type { SecretBox } from './types.js';

export interface StoreContext {
  db: Db;
  box: SecretBox;
  now: () => number;
  /** Where in-memory caches learn that another connection committed. */
  freshness: Freshness;
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
