// A private CA made at test time with the openssl CLI (no key material is checked in): a root
// "Corp Root CA" and a server certificate for the given names, signed by it. Files live in a
// temporary folder the caller removes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface PrivateCa {
  /** PEM of the root CA certificate (what a user puts in caFile). */
  caPem: string;
  caFile: string;
  key: string;
  cert: string;
}

export function makePrivateCa(dir: string, names: string[], caName = 'Corp Root CA'): PrivateCa {
  const p = (f: string) => path.join(dir, f);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${caName}/O=Corp Test`,
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.pem'),
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    `/CN=${names[0]}`,
    '-keyout',
    p('server.key'),
    '-out',
    p('server.csr'),
  );
  fs.writeFileSync(
    p('server.ext'),
    `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    p('server.csr'),
    '-CA',
    p('ca.pem'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    p('server.ext'),
    '-out',
    p('server.pem'),
  );
  return {
    caPem: fs.readFileSync(p('ca.pem'), 'utf8'),
    caFile: p('ca.pem'),
    key: fs.readFileSync(p('server.key'), 'utf8'),
    cert: fs.readFileSync(p('server.pem'), 'utf8'),
  };
}
