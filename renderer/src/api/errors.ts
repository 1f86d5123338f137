// Errors the dashboard shows: a code for logic, a message in plain words for people.
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const HINTS: Record<string, string> = {
  unreachable:
    'Cannot reach MCP Companion. Is `mcp-companion serve` (or the app) still running? Start it again and reload this page.',
  unauthorized:
    'This page has no dashboard session (sign-in links work once, for a minute, and end when the companion restarts). Run `mcp-companion dashboard` in a terminal to open a fresh one.',
  login_timeout:
    'The sign-in was not finished in time. Click "Log in" again and complete the page that opens in your browser.',
  client_running: '',
};

/** A sentence a user can act on, from anything thrown by an API call. */
export function plainError(err: unknown): string {
  if (err instanceof ApiError) return HINTS[err.code] || err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong. Try again, or copy diagnostics from Settings.';
}
