// Client ID Metadata Documents (MCP 2025-11-25; draft-ietf-oauth-client-id-metadata-document): a
// client_id that is an https URL names a JSON document the client's owner hosts. The control plane
// fetches it over TLS (trusting the CA the test gives it), checks it, and keeps the client it
// describes in the registry under that URL. Refusals are answered at /authorize, never redirected.
import { get } from 'node:https';
import type { Registration } from './registry.js';

/** The draft suggests a small cap; 5 KB is its example. */
const MAX_DOCUMENT_BYTES = 5 * 1024;

export interface MetadataDocumentOptions {
  /** PEM of the private CA that signed the document host's certificate. */
  ca?: string;
}

export type Resolved = { ok: true; client: Registration } | { ok: false; error: string; description: string };

export function isMetadataDocumentUrl(clientId: string): boolean {
  try {
    const url = new URL(clientId);
    return url.protocol === 'https:' && url.pathname !== '/';
  } catch {
    return false;
  }
}

export async function resolveMetadataDocument(
  clientId: string,
  tenant: string,
  opts: MetadataDocumentOptions,
): Promise<Resolved> {
  const refuse = (description: string): Resolved => ({ ok: false, error: 'invalid_client', description });
  let body: string;
  try {
    body = await fetchDocument(clientId, opts.ca);
  } catch (err) {
    return refuse(`client metadata document could not be fetched: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return refuse('client metadata document is not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return refuse('client metadata document is not an object');
  const d = doc as Record<string, unknown>;
  if (d.client_id !== clientId) return refuse('client_id in the client metadata document does not match its URL');
  if (
    !Array.isArray(d.redirect_uris) ||
    d.redirect_uris.length === 0 ||
    !d.redirect_uris.every((u) => typeof u === 'string')
  )
    return refuse('client metadata document has no redirect_uris');
  if ('client_secret' in d || 'client_secret_expires_at' in d)
    return refuse('a client metadata document must not contain a client secret');
  const method = d.token_endpoint_auth_method ?? 'none';
  if (method !== 'none') return refuse(`token_endpoint_auth_method ${String(method)} is not supported here (use none)`);
  return {
    ok: true,
    client: {
      clientId,
      tenant,
      server: '*',
      issuedAt: Math.floor(Date.now() / 1000),
      redirectUris: d.redirect_uris as string[],
      tokenEndpointAuthMethod: 'none',
      grantTypes: Array.isArray(d.grant_types) ? (d.grant_types as string[]) : ['authorization_code'],
      responseTypes: Array.isArray(d.response_types) ? (d.response_types as string[]) : ['code'],
      extra: typeof d.client_name === 'string' ? { client_name: d.client_name } : {},
      active: true,
    },
  };
}

function fetchDocument(url: string, ca: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { ca, timeout: 5000, headers: { accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode}`));
        return;
      }
      let size = 0;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_DOCUMENT_BYTES) req.destroy(new Error(`larger than ${MAX_DOCUMENT_BYTES} bytes`));
        else chunks.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}
