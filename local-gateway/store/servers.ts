// Upstream MCP servers the companion proxies to. Headers are sealed: they usually carry
// the API keys kept from the user's original IDE entry.
import { CompanionError } from '../core/errors.js';
import { isUniqueViolation, type StoreContext } from './context.js';
import type { AuthKind, PreRegisteredClient, TransportKind, UpstreamServer } from './types.js';

export const SERVER_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
const TRANSPORTS: readonly TransportKind[] = ['streamable-http', 'sse'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

export interface NewServer {
  name: string;
  url: string;
  transport?: TransportKind;
  headers?: Record<string, string>;
  clientIdMetadataUrl?: string;
  oauthClient?: PreRegisteredClient;
}

interface ServerRow {
  name: string;
  url: string;
  transport: TransportKind;
  headers_sealed: string;
  auth: AuthKind;
  auth_problem: string | null;
  client_id_metadata_url: string | null;
  oauth_client_sealed: string | null;
  created_at: number;
}

export function createServers({ db, box, now }: StoreContext) {
  const insert = db.prepare<[string, string, string, string, string | null, string | null, number]>(
    `INSERT INTO servers (name, url, transport, headers_sealed, client_id_metadata_url, oauth_client_sealed, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const setClient = db.prepare<[string | null, string]>('UPDATE servers SET oauth_client_sealed = ? WHERE name = ?');
  const byName = db.prepare<[string], ServerRow>('SELECT * FROM servers WHERE name = ?');
  const byUrl = db.prepare<[string], ServerRow>('SELECT * FROM servers WHERE url = ? ORDER BY created_at');
  const all = db.prepare<[], ServerRow>('SELECT * FROM servers ORDER BY name');
  const remove = db.prepare<[string]>('DELETE FROM servers WHERE name = ?');
  const learn = db.prepare<[AuthKind, string | null, string]>(
    'UPDATE servers SET auth = ?, auth_problem = ? WHERE name = ?',
  );

  const toServer = (row: ServerRow): UpstreamServer => ({
    name: row.name,
    url: row.url,
    transport: row.transport,
    headers: JSON.parse(box.open(row.headers_sealed)) as Record<string, string>,
    auth: row.auth,
    ...(row.auth_problem !== null && { authProblem: row.auth_problem }),
    ...(row.client_id_metadata_url !== null && { clientIdMetadataUrl: row.client_id_metadata_url }),
    ...(row.oauth_client_sealed !== null && {
      oauthClient: JSON.parse(box.open(row.oauth_client_sealed)) as PreRegisteredClient,
    }),
    createdAt: row.created_at,
  });

  return {
    addServer(input: NewServer): UpstreamServer {
      const name = validName(input.name);
      const url = normalizeServerUrl(input.url);
      const transport = input.transport ?? 'streamable-http';
      if (!TRANSPORTS.includes(transport)) {
        throw new CompanionError('bad_input', `Unknown transport "${String(transport)}"; use streamable-http or sse.`);
      }
      const headers = validHeaders(input.headers ?? {});
      const metadataUrl =
        input.clientIdMetadataUrl === undefined ? null : normalizeClientIdMetadataUrl(input.clientIdMetadataUrl);
      const client = input.oauthClient ? box.seal(JSON.stringify(validClient(input.oauthClient))) : null;
      try {
        insert.run(name, url, transport, box.seal(JSON.stringify(headers)), metadataUrl, client, now());
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new CompanionError(
            'conflict',
            `A server named "${name}" already exists. Remove it first or pick another name.`,
            { name },
          );
        }
        throw err;
      }
      return toServer(byName.get(name)!);
    },
    getServer(name: string): UpstreamServer | undefined {
      const row = byName.get(name);
      return row && toServer(row);
    },
    /**
     * The server for this URL that sends exactly these headers: one upstream per distinct
     * credential, so two entries for one URL with different API keys never share or lose one.
     */
    findServer(url: string, headers: Record<string, string> = {}): UpstreamServer | undefined {
      let normalized: string;
      try {
        normalized = normalizeServerUrl(url);
      } catch {
        return undefined;
      }
      for (const row of byUrl.all(normalized)) {
        const server = toServer(row);
        if (sameHeaders(server.headers, headers)) return server;
      }
      return undefined;
    },
    /** Records what the upstream's answers showed: its auth kind, and a refusal (null: none). */
    setServerAuth(name: string, auth: AuthKind, problem: string | null = null): void {
      learn.run(auth, problem, name);
    },
    /** Sets (or, with undefined, removes) the pre-registered OAuth client a server signs in with. */
    setServerOAuthClient(name: string, client: PreRegisteredClient | undefined): void {
      setClient.run(client ? box.seal(JSON.stringify(validClient(client))) : null, name);
    },
    listServers(): UpstreamServer[] {
      return all.all().map(toServer);
    },
    /** Its tokens go with it (ON DELETE CASCADE). */
    removeServer(name: string): boolean {
      return remove.run(name).changes > 0;
    },
  };
}

/** Same header names (case-insensitive) with the same values. */
export function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  const lower = (h: Record<string, string>) => new Map(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  const x = lower(a);
  const y = lower(b);
  return x.size === y.size && [...x].every(([k, v]) => y.get(k) === v);
}

/** Absolute http(s) URL without credentials or fragment, in WHATWG canonical form. */
export function normalizeServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CompanionError('bad_input', 'The server URL must be an absolute http:// or https:// URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CompanionError('bad_input', 'The server URL must be an absolute http:// or https:// URL.');
  }
  if (url.username || url.password) {
    // Never echo the URL here: it carries a password.
    throw new CompanionError(
      'bad_input',
      'The server URL must not contain a user name or password; pass credentials with --header.',
    );
  }
  url.hash = '';
  return url.href;
}

/**
 * A Client ID Metadata Document URL (MCP 2025-11-25, draft-ietf-oauth-client-id-metadata-document):
 * https, with a path, no fragment or credentials. It becomes the client_id byte for byte, so it is
 * kept exactly as given.
 */
export function normalizeClientIdMetadataUrl(raw: string): string {
  const fix =
    'Give the https URL where your organisation hosts the document, e.g. https://example.com/mcp-companion/client.json (see "Corporate networks" in the README).';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CompanionError('bad_input', `The client ID metadata URL is not a URL. ${fix}`);
  }
  if (url.protocol !== 'https:')
    throw new CompanionError('bad_input', `The client ID metadata URL must be https. ${fix}`);
  if (url.pathname === '/' || url.pathname === '')
    throw new CompanionError(
      'bad_input',
      `The client ID metadata URL needs a path (the spec forbids a bare origin). ${fix}`,
    );
  if (url.hash || raw.includes('#') || url.username || url.password)
    throw new CompanionError(
      'bad_input',
      `The client ID metadata URL must not carry a fragment or credentials. ${fix}`,
    );
  if (url.href !== raw)
    throw new CompanionError(
      'bad_input',
      `The client ID metadata URL must be written in canonical form (${url.href}): it is compared byte for byte with the document's client_id (see "Corporate networks" in the README).`,
    );
  return raw;
}

function validClient(client: PreRegisteredClient): PreRegisteredClient {
  if (typeof client.clientId !== 'string' || client.clientId.length === 0 || client.clientId.length > 512)
    throw new CompanionError('bad_input', 'A pre-registered OAuth client needs a client_id (1-512 characters).');
  return {
    clientId: client.clientId,
    ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
    ...(client.redirectUri ? { redirectUri: client.redirectUri } : {}),
    source: client.source,
  };
}

function validName(name: string): string {
  if (typeof name !== 'string' || !SERVER_NAME_PATTERN.test(name)) {
    throw new CompanionError(
      'bad_input',
      'Server names are 1-63 characters: letters, digits, ".", "_" or "-", starting with a letter or digit.',
    );
  }
  return name;
}

function validHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(key))
      throw new CompanionError('bad_input', 'A header name is not a valid HTTP token (expected e.g. "X-Api-Key").');
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new CompanionError('bad_input', `The value of header "${key}" must be a single-line string.`);
    }
    out[key] = value;
  }
  return out;
}
