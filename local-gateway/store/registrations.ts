// Dynamic Client Registrations, exactly one per (issuer, resource, redirect URI). Replacing a
// registration drops the tokens it obtained: they are bound to the old client_id.
import type { StoreContext } from './context.js';
import { sealOptional } from './context.js';
import type { ClientMode, NewRegistration, Registration } from './types.js';

export interface RegistrationKey {
  issuer: string;
  resource: string;
  redirectUri: string;
}

interface RegistrationRow {
  id: number;
  kind: ClientMode;
  issuer: string;
  resource: string;
  redirect_uri: string;
  client_id: string;
  client_secret_sealed: string | null;
  client_secret_expires_at: number | null;
  registration_access_token_sealed: string | null;
  registration_client_uri: string | null;
  token_endpoint_auth_method: string | null;
  metadata: string;
  created_at: number;
}

/** Secret fields a server may echo in its registration response; never kept in metadata. */
const SECRET_METADATA_KEYS = ['client_secret', 'registration_access_token'];

export function createRegistrations({ db, box, now }: StoreContext) {
  const find = db.prepare<[string, string, string], RegistrationRow>(
    'SELECT * FROM registrations WHERE issuer = ? AND resource = ? AND redirect_uri = ?',
  );
  const byId = db.prepare<[number], RegistrationRow>('SELECT * FROM registrations WHERE id = ?');
  const all = db.prepare<[], RegistrationRow>('SELECT * FROM registrations ORDER BY id');
  const remove = db.prepare<[number]>('DELETE FROM registrations WHERE id = ?');
  const insert = db.prepare<[Omit<RegistrationRow, 'id'>]>(`
    INSERT INTO registrations (kind, issuer, resource, redirect_uri, client_id, client_secret_sealed,
      client_secret_expires_at, registration_access_token_sealed, registration_client_uri,
      token_endpoint_auth_method, metadata, created_at)
    VALUES (@kind, @issuer, @resource, @redirect_uri, @client_id, @client_secret_sealed,
      @client_secret_expires_at, @registration_access_token_sealed, @registration_client_uri,
      @token_endpoint_auth_method, @metadata, @created_at)`);

  const toRegistration = (row: RegistrationRow): Registration => ({
    id: row.id,
    kind: row.kind,
    issuer: row.issuer,
    resource: row.resource,
    redirectUri: row.redirect_uri,
    clientId: row.client_id,
    ...(row.client_secret_sealed !== null && { clientSecret: box.open(row.client_secret_sealed) }),
    ...(row.client_secret_expires_at !== null && { clientSecretExpiresAt: row.client_secret_expires_at }),
    ...(row.registration_access_token_sealed !== null && {
      registrationAccessToken: box.open(row.registration_access_token_sealed),
    }),
    ...(row.registration_client_uri !== null && { registrationClientUri: row.registration_client_uri }),
    ...(row.token_endpoint_auth_method !== null && { tokenEndpointAuthMethod: row.token_endpoint_auth_method }),
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    createdAt: row.created_at,
  });

  // The old row's tokens go with it through ON DELETE CASCADE, inside the same transaction.
  const replace = db.transaction((reg: NewRegistration): number => {
    const old = find.get(reg.issuer, reg.resource, reg.redirectUri);
    if (old) remove.run(old.id);
    const metadata = { ...reg.metadata };
    for (const key of SECRET_METADATA_KEYS) delete metadata[key];
    return Number(
      insert.run({
        kind: reg.kind ?? 'dcr',
        issuer: reg.issuer,
        resource: reg.resource,
        redirect_uri: reg.redirectUri,
        client_id: reg.clientId,
        client_secret_sealed: sealOptional(box, reg.clientSecret),
        client_secret_expires_at: reg.clientSecretExpiresAt ?? null,
        registration_access_token_sealed: sealOptional(box, reg.registrationAccessToken),
        registration_client_uri: reg.registrationClientUri ?? null,
        token_endpoint_auth_method: reg.tokenEndpointAuthMethod ?? null,
        metadata: JSON.stringify(metadata),
        created_at: now(),
      }).lastInsertRowid,
    );
  });

  return {
    findRegistration(key: RegistrationKey): Registration | undefined {
      const row = find.get(key.issuer, key.resource, key.redirectUri);
      return row && toRegistration(row);
    },
    saveRegistration(reg: NewRegistration): Registration {
      return toRegistration(byId.get(replace.immediate(reg))!);
    },
    deleteRegistration(id: number): void {
      remove.run(id);
    },
    listRegistrations(): Registration[] {
      return all.all().map(toRegistration);
    },
  };
}
