// A private CA made in-process at test time (the `selfsigned` npm package, EC P-256; no key
// material checked in, no openssl or other system tool): a root and a server certificate for the
// given DNS names and IP addresses, signed by it. Nothing trusts the root unless a test hands it
// over (as `ca`, or in a caFile).
import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface PrivateCa {
  /** PEM of the root certificate: what a client must trust (`ca`, or the contents of a caFile). */
  ca: string;
  /** The server's private key and certificate (PEM). */
  key: string;
  cert: string;
}

export interface PrivateCaFile extends PrivateCa {
  /** `<dir>/ca.pem`, holding the root: what a user puts in caFile. */
  caFile: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A root named `caName` and a leaf for `names` (DNS names or IPs; the first is its CN), valid two days. */
export async function makePrivateCa(names: string[], caName = 'Corp Root CA'): Promise<PrivateCa> {
  // Backdated a little so a clock that is slightly behind still accepts them.
  const validity = { notBeforeDate: new Date(Date.now() - 60_000), notAfterDate: new Date(Date.now() + 2 * DAY_MS) };
  const common = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', ...validity } as const;
  const root = await generate(
    [
      { name: 'commonName', value: caName },
      { name: 'organizationName', value: 'Corp Test' },
    ],
    {
      ...common,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  );
  const leaf = await generate([{ name: 'commonName', value: names[0] }], {
    ...common,
    ca: { key: root.private, cert: root.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })),
      },
    ],
  });
  return { ca: root.cert, key: leaf.private, cert: leaf.cert };
}

/** The same, with the root also written to `<dir>/ca.pem` (the caller removes `dir`). */
export async function makePrivateCaFile(dir: string, names: string[], caName?: string): Promise<PrivateCaFile> {
  const pki = await makePrivateCa(names, caName);
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, pki.ca);
  return { ...pki, caFile };
}
