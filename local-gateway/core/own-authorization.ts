/**
 * Does a server's stored header set carry an `Authorization` (a PAT, a static bearer)? That is
 * the user's own credential: sent as is, never replaced by an OAuth token (DESIGN: auth is learned).
 */
export function hasOwnAuthorization(stored: Record<string, string>): boolean {
  for (const key in stored) if (key.toLowerCase() === 'authorization') return true;
  return false;
}
