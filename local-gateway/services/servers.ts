// Server-level operations shared by the CLI, the admin API and (later) the Electron IPC.
import { CompanionError } from '../core/errors.js';
import type { OAuthClient } from '../oauth/index.js';
import type { Store } from '../store/index.js';
import type { AuthKind, ClientMode, CompanionEvent, TransportKind, UpstreamServer } from '../store/types.js';

export type AuthState = 'signed_in' | 'expired' | 'signing_in' | 'signed_out';

export interface ServerStatus {
  name: string;
  url: string;
  transport: TransportKind;
  localUrl: string;
  headerNames: string[];
  /** How the upstream authenticates, as learned from its answers. */
  authKind: AuthKind;
  /** The upstream refused the configured credential: what it said and the fix. */
  authProblem?: string;
  /** OAuth sign-in state (meaningful for authKind 'oauth'). */
  auth: AuthState;
  expiresAt?: number;
  /** How it signs in: the client behind its tokens, else the one the next sign-in tries first. */
  client: ClientMode;
  /** The Client ID Metadata Document URL configured for it. */
  clientIdMetadataUrl?: string;
  /** Why the configured metadata document or pre-registered client is not the one in use, and the fix. */
  clientProblem?: string;
  clientId?: string;
  registeredAt?: number;
  lastError?: string;
}

export function localUrl(port: number, name: string, transport: TransportKind = 'streamable-http'): string {
  return `http://127.0.0.1:${port}/servers/${name}/${transport === 'sse' ? 'sse' : 'mcp'}`;
}

export function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    const key = i > 0 ? line.slice(0, i).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) {
      throw new CompanionError('bad_input', `Header must look like "Name: value" (got "${line.slice(0, 40)}…").`);
    }
    headers[key] = line.slice(i + 1).trim();
  }
  return headers;
}

export function serverStatuses(store: Store, oauth: OAuthClient, port: number, now = Date.now()): ServerStatus[] {
  const regs = store.listRegistrations();
  const events = store.listEvents({ limit: 200 });
  return store.listServers().map((s) => {
    const tokens = store.getTokens(s.name);
    const reg = tokens ? regs.find((r) => r.id === tokens.registrationId) : undefined;
    const failure = events.find(
      (e) => e.server === s.name && (e.type === 'login.failed' || e.type === 'login.completed'),
    );
    let auth: AuthState = 'signed_out';
    if (oauth.logins.isRunning(s.name)) auth = 'signing_in';
    else if (tokens)
      auth =
        tokens.expiresAt !== undefined && tokens.expiresAt <= now && !tokens.refreshToken ? 'expired' : 'signed_in';
    return {
      name: s.name,
      url: s.url,
      transport: s.transport,
      localUrl: localUrl(port, s.name, s.transport),
      headerNames: Object.keys(s.headers),
      authKind: s.auth,
      ...(s.authProblem !== undefined && { authProblem: s.authProblem }),
      auth,
      expiresAt: tokens?.expiresAt,
      ...clientInUse(s, reg?.kind, events),
      ...(s.clientIdMetadataUrl !== undefined && { clientIdMetadataUrl: s.clientIdMetadataUrl }),
      clientId: reg?.clientId ?? s.oauthClient?.clientId,
      registeredAt: reg?.createdAt,
      lastError: failure?.type === 'login.failed' ? String(failure.detail.error ?? '') : undefined,
    };
  });
}

function preferredClient(s: UpstreamServer): ClientMode {
  return s.oauthClient ? 'pre-registered' : s.clientIdMetadataUrl ? 'cimd' : 'dcr';
}

const CLIENT_PROBLEMS: Record<string, (detail: Record<string, unknown>) => string> = {
  'cimd.rejected': (d) => String(d.problem ?? ''),
  'cimd.unsupported': (d) =>
    `${String(d.issuer)} does not advertise client_id_metadata_document_supported, so the metadata document is not used there.`,
  'client.pre_registered_unusable': (d) =>
    `Not using ${String(d.reason)}. Ask your administrator to allow the companion's redirect URI for that client.`,
};

/**
 * The client a server signs in with (`inUse`: the kind behind its tokens), and the latest reason
 * the configured metadata document or pre-registered client was passed over, while it still is.
 */
export function clientInUse(
  s: UpstreamServer,
  inUse: ClientMode | undefined,
  events: CompanionEvent[],
): { client: ClientMode; clientProblem?: string } {
  const preferred = preferredClient(s);
  const client = inUse ?? preferred;
  if (preferred === 'dcr' || inUse === preferred) return { client };
  const event = events.find((e) => e.server === s.name && e.type in CLIENT_PROBLEMS);
  return event ? { client, clientProblem: CLIENT_PROBLEMS[event.type]!(event.detail) } : { client };
}

export function connectInfo(
  store: Store,
  port: number,
  name: string,
  label: string,
): { url: string; headers: { Authorization: string } } {
  const server = store.getServer(name);
  if (!server)
    throw new CompanionError(
      'not_found',
      `No upstream server named "${name}". Add it with \`mcp-companion server add ${name} <url>\`.`,
    );
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(label))
    throw new CompanionError('bad_input', 'The --as label may use letters, digits, ".", "_" and "-" only.');
  return {
    url: localUrl(port, name, server.transport),
    headers: { Authorization: `Bearer ${store.ensureLocalToken(label, [server.name])}` },
  };
}
