// An organisation's web server for tests: HTTPS on 127.0.0.1 with a certificate from a private
// CA made at test time (./private-ca.ts), serving JSON documents such as a Client ID Metadata
// Document. Nothing trusts the CA unless given `ca`.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makePrivateCa } from './private-ca.js';

export interface DocumentHost {
  /** The https URL of a path on this host. */
  url(pathname: string): string;
  /** Serve this JSON at this path (replacing what was there). */
  put(pathname: string, doc: unknown): void;
  /** Requests received per path. */
  hits(pathname: string): number;
  ca: string;
  close(): Promise<void>;
}

export async function startDocumentHost(): Promise<DocumentHost> {
  const pki = await makePrivateCa(['127.0.0.1', 'localhost'], 'Test Private Root CA');
  const docs = new Map<string, string>();
  const counts = new Map<string, number>();
  const server: Server = createServer({ key: pki.key, cert: pki.cert }, (req, res) => {
    const p = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    counts.set(p, (counts.get(p) ?? 0) + 1);
    const body = docs.get(p);
    if (body === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (p) => `${base}${p}`,
    put: (p, doc) => void docs.set(p, JSON.stringify(doc)),
    hits: (p) => counts.get(p) ?? 0,
    ca: pki.ca,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
