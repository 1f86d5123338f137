// Kept in step with package.json by test/unit/core/version.test.ts.
export const VERSION = '0.1.0';
export const DEFAULT_PORT = 47823;
export const DEFAULT_HOLD_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
