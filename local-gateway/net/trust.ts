// Which certificate authorities outbound TLS trusts: Node's own (bundled, plus NODE_EXTRA_CA_CERTS),
// the companion's `caFile` setting, and the OS trust store where the runtime can read it (Node
// >= 22.15 and Electron have tls.getCACertificates('system'); Node 20 has no such option).
// Passing `ca` to TLS replaces Node's default list, so the full list is rebuilt here whenever
// anything beyond Node's default is trusted.
import fs from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { CompanionError, errorMessage } from '../core/errors.js';

export interface Trust {
  /** The CA list for TLS options; undefined means Node's default list. */
  ca?: string[];
  /** Where trust comes from, in words for doctor and diagnostics. */
  sources: string[];
}

type CaReader = (kind: 'default' | 'system') => string[];

/** tls.getCACertificates where this runtime has it (Node >= 22.15, Electron), else undefined. */
function runtimeCaReader(): CaReader | undefined {
  const fn = (tls as { getCACertificates?: CaReader }).getCACertificates;
  return typeof fn === 'function' ? fn : undefined;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM file; a clear error (naming `what`) if it is unreadable or holds none. */
export function readPemFile(file: string, what: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CompanionError('bad_input', `${what} ${file} cannot be read: ${errorMessage(err, 200)}.`);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  for (const pem of blocks) {
    try {
      new X509Certificate(pem);
    } catch {
      throw new CompanionError('bad_input', `${what} ${file} holds a certificate that does not parse as PEM X.509.`);
    }
  }
  if (blocks.length === 0)
    throw new CompanionError(
      'bad_input',
      `${what} ${file} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----" blocks).`,
    );
  return blocks;
}

export function loadTrust(env: NodeJS.ProcessEnv, caFile: string | undefined, reader = runtimeCaReader()): Trust {
  const sources = ["Node's bundled CAs"];
  const extraFile = env.NODE_EXTRA_CA_CERTS;
  let extra: string[] = [];
  if (extraFile) {
    try {
      extra = readPemFile(extraFile, 'NODE_EXTRA_CA_CERTS');
      sources.push(`NODE_EXTRA_CA_CERTS (${extraFile}, ${extra.length} certificate${extra.length === 1 ? '' : 's'})`);
    } catch (err) {
      sources.push(`NODE_EXTRA_CA_CERTS ignored: ${errorMessage(err, 200)}`);
    }
  }
  const own = caFile ? readPemFile(caFile, 'The caFile setting') : [];
  if (caFile) sources.push(`caFile (${caFile}, ${own.length} certificate${own.length === 1 ? '' : 's'})`);
  const system = reader ? safeRead(reader, 'system') : undefined;
  if (system) sources.push(`the OS trust store (${system.length} certificates)`);
  else
    sources.push(
      `the OS trust store is not readable by Node ${process.version} (Node >= 22.15 or the desktop app reads it)`,
    );
  if (own.length === 0 && !system) return { sources };
  // Node's default list (bundled + NODE_EXTRA_CA_CERTS), read from the runtime when it can say.
  const base = (reader && safeRead(reader, 'default')) ?? [...tls.rootCertificates, ...extra];
  return { ca: [...new Set([...base, ...own, ...(system ?? [])])].filter(Boolean), sources };
}

function safeRead(reader: CaReader, kind: 'default' | 'system'): string[] | undefined {
  try {
    return reader(kind);
  } catch {
    return undefined;
  }
}

/** The caFile setting as given, once it is an absolute path to a readable PEM file of certificates. */
export function checkCaFile(file: string): string {
  if (!path.isAbsolute(file))
    throw new CompanionError('bad_input', `caFile must be an absolute path to a PEM file (got "${file}").`);
  readPemFile(file, 'caFile');
  return file;
}
