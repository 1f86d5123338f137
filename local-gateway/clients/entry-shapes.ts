// Recognising what a config entry is, shared by all adapters: an HTTP/SSE `url` entry, a stdio
// entry that runs `mcp-remote <url>` (via npx or not), an entry the companion already routed,
// or a local stdio server (left alone).

import type { RemoteTarget, Transport } from './types.js';

/** Matches what RouteHost.localEndpoint returns: `http://127.0.0.1:<port>/servers/<name>/(mcp|sse)`. */
export const LOCAL_ENDPOINT = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+\/servers\/[^/]+\/(?:mcp|sse)\/?$/;

/** Env var that carries the local token to `mcp-companion bridge`. */
export const BRIDGE_TOKEN_ENV = 'MCP_COMPANION_TOKEN';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** True for an entry the companion wrote: local endpoint URL, or a bridge launch with our token env. */
export function isRoutedEntry(value: Obj, urlFields: string[] = ['url']): boolean {
  for (const f of urlFields) if (typeof value[f] === 'string' && LOCAL_ENDPOINT.test(value[f] as string)) return true;
  for (const env of [value.env, value.environment])
    if (isObj(env) && typeof env[BRIDGE_TOKEN_ENV] === 'string') return true;
  const args = value.args;
  return (
    Array.isArray(args) &&
    args.includes('bridge') &&
    typeof value.command === 'string' &&
    /mcp-companion/.test(value.command + ' ' + args.join(' '))
  );
}

/**
 * Transport from an explicit type, else guessed from the URL: a path ending in `/sse` is the
 * legacy HTTP+SSE transport. [inferred: a common server convention, not documented by clients]
 */
export function transportOf(url: string, type?: unknown): Transport {
  if (type === 'sse') return 'sse';
  if (type === 'http' || type === 'streamable-http' || type === 'streamableHttp') return 'streamable-http';
  try {
    return /\/sse\/?$/.test(new URL(url).pathname) ? 'sse' : 'streamable-http';
  } catch {
    return 'streamable-http';
  }
}

/** A remote HTTP entry `{<urlField>: "...", headers?: {...}, type?}`. */
export function httpTarget(
  value: Obj,
  urlField: string,
  headersField = 'headers',
  typeField = 'type',
): RemoteTarget | undefined {
  const url = value[urlField];
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return undefined;
  return { via: 'http', url, transport: transportOf(url, value[typeField]), headers: stringMap(value[headersField]) };
}

const MCP_REMOTE_FLAGS_WITH_VALUE = new Set([
  '--header',
  '--host',
  '--transport',
  '--static-oauth-client-metadata',
  '--static-oauth-client-info',
  '--resource',
  '--auth-timeout',
  '--ignore-tool',
]);

/**
 * A stdio entry that runs mcp-remote: `npx [-y] mcp-remote <url> [port] [--header 'K: V']…`,
 * or `mcp-remote <url> …` directly (also `pnpm dlx`, `bunx`, a path ending in mcp-remote).
 */
export function mcpRemoteTarget(value: Obj): RemoteTarget | undefined {
  const command = value.command;
  const args = Array.isArray(value.args) ? value.args.filter((a): a is string => typeof a === 'string') : [];
  if (typeof command !== 'string') return undefined;
  const all = [command, ...args];
  const at = all.findIndex((a) => /(^|[\\/])mcp-remote(@[^\s/]*)?(\.c?js|\.cmd)?$/.test(a));
  if (at < 0) return undefined;
  const rest = all.slice(at + 1);
  let url: string | undefined;
  const headers: Record<string, string> = {};
  let transport: Transport | undefined;
  let resource: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (MCP_REMOTE_FLAGS_WITH_VALUE.has(a)) {
      const v = rest[++i];
      if (v === undefined) break;
      if (a === '--header') {
        const colon = v.indexOf(':');
        if (colon > 0) headers[v.slice(0, colon).trim()] = v.slice(colon + 1).trim();
      } else if (a === '--transport') transport = v.startsWith('sse') ? 'sse' : 'streamable-http';
      else if (a === '--resource') resource = v;
    } else if (!a.startsWith('-') && url === undefined && /^https?:\/\//i.test(a)) url = a;
  }
  if (!url) return undefined;
  return {
    via: 'mcp-remote',
    url,
    transport: transport ?? transportOf(url),
    headers,
    ...(resource ? { resource } : {}),
  };
}

/** Keys describing how to reach a server; everything else in an entry (timeouts, tool filters…) is kept. */
export const TRANSPORT_KEYS = new Set([
  'type',
  'transport',
  'url',
  'serverUrl',
  'httpUrl',
  'headers',
  'headersHelper',
  'command',
  'args',
  'env',
  'envFile',
  'cwd',
  'oauth',
  'auth',
]);

export function keptFields(value: Obj, extraTransportKeys: string[] = []): Obj {
  const drop = new Set([...TRANSPORT_KEYS, ...extraTransportKeys]);
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) if (!drop.has(k)) out[k] = v;
  return out;
}

/** Secret-looking strings in an entry (header/env values) to hide in previews and to decide sealing. */
export function secretsOf(value: Obj, remote?: RemoteTarget): string[] {
  const out = new Set<string>();
  // Cline nests its transport (`transport: {type, url, headers, env}`).
  for (const v of [value, isObj(value.transport) ? value.transport : {}]) {
    for (const x of Object.values(stringMap(v.headers))) out.add(x);
    for (const x of Object.values(stringMap(v.http_headers))) out.add(x);
    for (const x of Object.values(stringMap(v.env))) out.add(x);
    for (const x of Object.values(stringMap(v.environment))) out.add(x);
  }
  // OAuth state kept inside the entry (Cline: tokens, client secret, PKCE verifier).
  for (const x of [...secretLeaves(value.oauth), ...secretLeaves(value.oauthClient)]) out.add(x);
  for (const v of Object.values(remote?.headers ?? {})) out.add(v);
  // A pre-registered OAuth client's secret (Cursor `auth`, Gemini/OpenCode `oauth`).
  const auth = isObj(value.auth) ? value.auth : {};
  const oauth = isObj(value.oauth) ? value.oauth : {};
  for (const v of [auth.CLIENT_SECRET, oauth.clientSecret, oauth.client_secret]) if (typeof v === 'string') out.add(v);
  return [...out].filter((s) => s.length >= 4);
}

/** String values under token/secret/verifier-named keys, at any depth. */
function secretLeaves(v: unknown, key = ''): string[] {
  if (typeof v === 'string') return /token|secret|verifier/i.test(key) && key !== 'token_type' ? [v] : [];
  if (Array.isArray(v)) return v.flatMap((x) => secretLeaves(x, key));
  return isObj(v) ? Object.entries(v).flatMap(([k, x]) => secretLeaves(x, k)) : [];
}
