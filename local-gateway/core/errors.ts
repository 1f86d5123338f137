// Coded errors: every failure a user can see carries a stable code and a message that says
// what to do. Messages never contain secret values.

export type ErrorCode =
  | 'bad_input'
  | 'not_found'
  | 'conflict'
  | 'secret_unreadable'
  | 'discovery_failed'
  | 'pkce_unsupported'
  | 'registration_failed'
  | 'registration_stale'
  | 'client_rejected'
  | 'authorization_failed'
  | 'login_timeout'
  | 'login_required'
  | 'token_failed'
  | 'upstream_unreachable'
  | 'config_unparseable'
  | 'config_locked'
  | 'config_busy'
  | 'config_readonly'
  | 'client_running'
  | 'already_running'
  | 'unsupported'
  | 'data_dir_unusable';

export class CompanionError extends Error {
  override readonly name = 'CompanionError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function isCompanionError(err: unknown, code?: ErrorCode): err is CompanionError {
  return err instanceof CompanionError && (code === undefined || err.code === code);
}

/** The message of an error, capped: some come from remote servers and quote their bodies. */
export function errorMessage(err: unknown, max = 400): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
