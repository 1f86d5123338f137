// Header rules (spec §C.2): a short allow-list towards upstream, a short deny-list back to the IDE.
import type { IncomingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1 hop-by-hop headers, plus the headers Node computes itself. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
]);

const FORWARDED_REQUEST = new Set(['accept', 'content-type', 'last-event-id', 'user-agent']);

/**
 * Upstream request headers, as the flat [name, value, …] list `http.request` takes as is (an
 * object would be copied header by header into the request first: measurable on every call).
 * The local `authorization` is never copied: only `host`, the allow-list, any `mcp-*`, the
 * stored headers of the server (which win over the IDE's) and finally the upstream bearer. A
 * stored `Authorization` (a PAT) is the user's credential: it goes as is and no bearer is added;
 * `token` '' adds none either (a server that has not asked for OAuth).
 */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  stored: Record<string, string>,
  token: string,
  bodyLength: number | undefined,
  host: string,
): string[] {
  const out: string[] = ['host', host];
  let own: Set<string> | undefined;
  for (const key in stored) {
    const name = key.toLowerCase();
    (own ??= new Set()).add(name);
    if (HOP_BY_HOP.has(name) || name === 'host' || name === 'content-length') continue;
    out.push(name, stored[key]!);
  }
  for (const name in incoming) {
    if (!(FORWARDED_REQUEST.has(name) || name.startsWith('mcp-')) || own?.has(name)) continue;
    const value = incoming[name];
    if (typeof value === 'string') out.push(name, value);
    else if (value !== undefined) for (const v of value) out.push(name, v);
  }
  if (bodyLength !== undefined) out.push('content-length', String(bodyLength));
  if (token !== '' && !own?.has('authorization')) out.push('authorization', `Bearer ${token}`);
  return out;
}

export interface FilteredResponseHeaders {
  /** Flat [name, value, name, value…] list, as accepted by `res.writeHead`. */
  raw: string[];
  contentType: string | undefined;
}

/**
 * Response headers for the IDE: everything except hop-by-hop ones (and those named in
 * `Connection`) and `www-authenticate` — an upstream challenge would make the IDE start its own
 * OAuth dance, which is exactly what the companion exists to prevent.
 */
export function clientResponseHeaders(rawHeaders: string[], dropContentLength: boolean): FilteredResponseHeaders {
  const raw: string[] = [];
  let contentType: string | undefined;
  let connectionTokens: Set<string> | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (name === 'connection') {
      connectionTokens = connectionTokens ?? new Set();
      for (const t of value.split(',')) connectionTokens.add(t.trim().toLowerCase());
      continue;
    }
    if (HOP_BY_HOP.has(name) || name.startsWith('proxy-') || name === 'www-authenticate') continue;
    if (dropContentLength && name === 'content-length') continue;
    if (name === 'content-type') contentType = value;
    raw.push(rawHeaders[i]!, value);
  }
  if (connectionTokens) {
    // Rare: headers declared hop-by-hop through `Connection: x-foo` must not travel either.
    const kept: string[] = [];
    for (let i = 0; i < raw.length; i += 2) {
      if (!connectionTokens.has(raw[i]!.toLowerCase())) kept.push(raw[i]!, raw[i + 1]!);
    }
    return { raw: kept, contentType };
  }
  return { raw, contentType };
}

export function isEventStream(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.toLowerCase().startsWith('text/event-stream');
}
