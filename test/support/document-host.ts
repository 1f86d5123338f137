// An organisation's web server for tests: HTTPS on 127.0.0.1 with a certificate from a private
// CA generated at test time (by the openssl CLI, in a folder removed at once), serving JSON
// documents such as a Client ID Metadata Document. Nothing trusts the CA unless given `ca`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PrivateCa {
  /** PEM of the root a client must trust. */
  ca: string;
  key: string;
  cert: string;
}

/** A root CA and a leaf for 127.0.0.1/localhost signed by it (EC P-256, valid one day). */
export function makePrivateCa(): PrivateCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ca-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '1',
      '-subj',
      '/CN=Test Private Root CA',
    );
    run('req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost');
    fs.writeFileSync(
      path.join(dir, 'leaf.ext'),
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
    );
    run(
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'leaf.crt',
      '-days',
      '1',
      '-extfile',
      'leaf.ext',
    );
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    return { ca: read('ca.crt'), key: read('leaf.key'), cert: read('leaf.crt') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

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

export async function startDocumentHost(pki: PrivateCa = makePrivateCa()): Promise<DocumentHost> {
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
