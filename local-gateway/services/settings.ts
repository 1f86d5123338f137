// User settings persisted in the store; the port is remembered because it is part of every
// registered redirect URI and every rewritten client config.
import { CompanionError } from '../core/errors.js';
import { DEFAULT_HOLD_TIMEOUT_MS, DEFAULT_PORT } from '../core/version.js';
import type { Store } from '../store/index.js';

/**
 * The port to serve on: the override, else the remembered one. Pure: an override is remembered
 * by the companion only once it serves there (a refused start changes nothing).
 */
export function resolvePort(store: Store, override?: number): number {
  if (override !== undefined) {
    if (!Number.isInteger(override) || override < 1 || override > 65535) {
      throw new CompanionError('bad_input', `Port must be an integer between 1 and 65535 (got ${override}).`);
    }
    return override;
  }
  const saved = Number(store.getSetting('port'));
  return Number.isInteger(saved) && saved > 0 ? saved : DEFAULT_PORT;
}

export function holdTimeoutMs(store: Store): number {
  const saved = Number(store.getSetting('hold_timeout_ms'));
  return Number.isFinite(saved) && saved > 0 ? saved : DEFAULT_HOLD_TIMEOUT_MS;
}
