// An IDE entry that signs in with an OAuth client the organisation registered beforehand carries
// it in its own fields. Routing hands it to the companion, which signs in with it instead of
// registering a new client. Each IDE's redirect URI is the one that client was registered with
// (reference/clients.md): the companion listens there during sign-in when it is a loopback URI.
import type { PreRegisteredClient } from '../store/types.js';
import { isObj, type Obj } from './entry-shapes.js';
import type { ClientId } from './types.js';

type Reader = (value: Obj) => Omit<PreRegisteredClient, 'source'> | undefined;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const port = (v: unknown): number | undefined => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
};

const READERS: Partial<Record<ClientId, Reader>> = {
  // `oauth.clientId` (+ `callbackPort`); redirect `http://localhost:<port>/callback`, any free port
  // when unpinned. The secret, if any, is in Claude's credential store, not the config: not carried.
  'claude-code': (v) => {
    const o = isObj(v.oauth) ? v.oauth : undefined;
    const clientId = str(o?.clientId);
    if (!clientId) return undefined;
    const p = port(o?.callbackPort);
    return { clientId, redirectUri: `http://localhost${p ? `:${p}` : ''}/callback` };
  },
  // `auth.CLIENT_ID`/`CLIENT_SECRET`; Cursor's redirect is its own URL scheme (only Cursor receives it).
  cursor: (v) => {
    const a = isObj(v.auth) ? v.auth : undefined;
    const clientId = str(a?.CLIENT_ID);
    if (!clientId) return undefined;
    const secret = str(a?.CLIENT_SECRET);
    return {
      clientId,
      ...(secret && { clientSecret: secret }),
      redirectUri: 'cursor://anysphere.cursor-mcp/oauth/callback',
    };
  },
  // `oauth.clientId`/`clientSecret`/`redirectUri`; default `http://localhost:<free port>/oauth/callback`.
  gemini: (v) => {
    const o = isObj(v.oauth) ? v.oauth : undefined;
    const clientId = str(o?.clientId);
    if (!clientId) return undefined;
    const secret = str(o?.clientSecret);
    return {
      clientId,
      ...(secret && { clientSecret: secret }),
      redirectUri: str(o?.redirectUri) ?? 'http://localhost/oauth/callback',
    };
  },
  // `oauth.clientId`/`clientSecret`/`callbackPort`/`redirectUri` (V2 spells them snake_case);
  // default `http://127.0.0.1:19876/mcp/oauth/callback`.
  opencode: (v) => {
    const o = isObj(v.oauth) ? v.oauth : undefined;
    const clientId = str(o?.clientId) ?? str(o?.client_id);
    if (!clientId) return undefined;
    const secret = str(o?.clientSecret) ?? str(o?.client_secret);
    const redirect = str(o?.redirectUri) ?? str(o?.redirect_uri);
    const p = port(o?.callbackPort ?? o?.callback_port) ?? 19876;
    return {
      clientId,
      ...(secret && { clientSecret: secret }),
      redirectUri: redirect ?? `http://127.0.0.1:${p}/mcp/oauth/callback`,
    };
  },
};

export function preRegisteredClient(client: ClientId, entryName: string, value: Obj): PreRegisteredClient | undefined {
  const found = READERS[client]?.(value);
  return found && { ...found, source: `${client} entry "${entryName}"` };
}
