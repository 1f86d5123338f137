// Which CAs outbound TLS trusts: Node's default unless something is added; a caFile or the OS
// store rebuilds the whole list (passing `ca` replaces Node's); unusable files are named.
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { checkCaFile, loadTrust } from '../../../local-gateway/net/trust.js';
import { makePrivateCa, makePrivateCaFile } from '../../support/private-ca.js';
import { tempDirs } from '../../support/temp-dirs.js';

const tmp = tempDirs('mcpc-trust-');

describe('loadTrust', () => {
  it("keeps Node's default list when nothing is added, and says the OS store is unreadable without the runtime's help", () => {
    const t = loadTrust({}, undefined, undefined);
    expect(t.ca).toBeUndefined();
    expect(t.sources[0]).toBe("Node's bundled CAs");
    expect(t.sources.at(-1)).toMatch(/OS trust store is not readable by Node/);
  });

  it('adds caFile and NODE_EXTRA_CA_CERTS to the bundled CAs', async () => {
    const a = await makePrivateCaFile(tmp(), ['a.test'], 'CA A');
    const b = await makePrivateCaFile(tmp(), ['b.test'], 'CA B');
    const t = loadTrust({ NODE_EXTRA_CA_CERTS: b.caFile }, a.caFile, undefined);
    expect(t.ca).toEqual(expect.arrayContaining([a.ca.trim(), b.ca.trim(), tls.rootCertificates[0]]));
    expect(t.sources).toContain(`caFile (${a.caFile}, 1 certificate)`);
    expect(t.sources).toContain(`NODE_EXTRA_CA_CERTS (${b.caFile}, 1 certificate)`);
  });

  it("includes the OS store where the runtime reads it (tls.getCACertificates('system'))", async () => {
    const sys = await makePrivateCa(['s.test'], 'OS CA');
    const reader = (kind: 'default' | 'system') => (kind === 'system' ? [sys.ca] : ['DEFAULT-LIST']);
    const t = loadTrust({}, undefined, reader);
    expect(t.ca).toEqual(['DEFAULT-LIST', sys.ca]);
    expect(t.sources).toContain('the OS trust store (1 certificates)');
  });

  it('names an unreadable NODE_EXTRA_CA_CERTS instead of failing every connection', () => {
    const t = loadTrust({ NODE_EXTRA_CA_CERTS: '/no/such.pem' }, undefined, undefined);
    expect(t.sources.join('\n')).toContain(
      'NODE_EXTRA_CA_CERTS ignored: NODE_EXTRA_CA_CERTS /no/such.pem cannot be read',
    );
  });
});

describe('checkCaFile', () => {
  it('accepts an absolute PEM file of certificates and refuses the rest with the reason', async () => {
    const dir = tmp();
    const ca = await makePrivateCaFile(dir, ['a.test']);
    expect(checkCaFile(ca.caFile)).toBe(ca.caFile);
    expect(() => checkCaFile('ca.pem')).toThrow('caFile must be an absolute path to a PEM file (got "ca.pem").');
    fs.writeFileSync(path.join(dir, 'key.pem'), ca.key);
    expect(() => checkCaFile(path.join(dir, 'key.pem'))).toThrow(/holds no PEM certificate/);
    fs.writeFileSync(path.join(dir, 'broken.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(() => checkCaFile(path.join(dir, 'broken.pem'))).toThrow(/does not parse as PEM X\.509/);
    expect(() => checkCaFile(path.join(dir, 'missing.pem'))).toThrow(/cannot be read/);
  });
});
