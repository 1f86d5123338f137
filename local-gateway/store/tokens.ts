// Upstream OAuth tokens, one set per server, bound to the registration that obtained them.
// Access and refresh tokens exist on disk only sealed.
import { CompanionError } from '../core/errors.js';
import { isForeignKeyViolation, sealOptional, type StoreContext } from './context.js';
import type { TokenSet } from './types.js';

interface TokenRow {
  server_name: string;
  registration_id: number;
  access_token_sealed: string;
  refresh_token_sealed: string | null;
  token_type: string;
  scope: string | null;
  expires_at: number | null;
  updated_at: number;
}

export function createTokens({ db, box, now }: StoreContext) {
  const get = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE server_name = ?');
  const remove = db.prepare<[string]>('DELETE FROM tokens WHERE server_name = ?');
  const upsert = db.prepare<[TokenRow]>(`
    INSERT INTO tokens (server_name, registration_id, access_token_sealed, refresh_token_sealed,
      token_type, scope, expires_at, updated_at)
    VALUES (COALESCE((SELECT name FROM servers WHERE name = @server_name), @server_name), @registration_id, @access_token_sealed, @refresh_token_sealed,
      @token_type, @scope, @expires_at, @updated_at)
    ON CONFLICT (server_name) DO UPDATE SET
      registration_id = excluded.registration_id,
      access_token_sealed = excluded.access_token_sealed,
      refresh_token_sealed = excluded.refresh_token_sealed,
      token_type = excluded.token_type,
      scope = excluded.scope,
      expires_at = excluded.expires_at,
      updated_at = excluded.updated_at`);
  // The COALESCE stores the server's own spelling of its (case-insensitive) name.
  const save = db.transaction((row: TokenRow) => upsert.run(row));

  return {
    getTokens(serverName: string): TokenSet | undefined {
      const row = get.get(serverName);
      if (!row) return undefined;
      return {
        serverName: row.server_name,
        registrationId: row.registration_id,
        accessToken: box.open(row.access_token_sealed),
        ...(row.refresh_token_sealed !== null && { refreshToken: box.open(row.refresh_token_sealed) }),
        tokenType: row.token_type,
        ...(row.scope !== null && { scope: row.scope }),
        ...(row.expires_at !== null && { expiresAt: row.expires_at }),
        updatedAt: row.updated_at,
      };
    },
    /** Upsert. Throws not_found if the server or the registration no longer exists. */
    saveTokens(tokens: Omit<TokenSet, 'updatedAt'>): void {
      try {
        save.immediate({
          server_name: tokens.serverName,
          registration_id: tokens.registrationId,
          access_token_sealed: box.seal(tokens.accessToken),
          refresh_token_sealed: sealOptional(box, tokens.refreshToken),
          token_type: tokens.tokenType,
          scope: tokens.scope ?? null,
          expires_at: tokens.expiresAt ?? null,
          updated_at: now(),
        });
      } catch (err) {
        if (isForeignKeyViolation(err)) {
          throw new CompanionError(
            'not_found',
            `Cannot store tokens for "${tokens.serverName}": the server or its registration was removed.`,
            { server: tokens.serverName, registrationId: tokens.registrationId },
          );
        }
        throw err;
      }
    },
    deleteTokens(serverName: string): void {
      remove.run(serverName);
    },
  };
}
