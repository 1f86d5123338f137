// Failed outbound connections in words a user can act on: a TLS failure names the host, the
// issuer of the certificate it presented and the setting that fixes it; a proxy failure names
// the proxy (never its credentials) and what to change. The issuer is not part of Node's error,
// so it is read from a second, unverified handshake whose only use is that name.
import net from 'node:net';
import tls from 'node:tls';
import { CompanionError } from '../core/errors.js';
import { displayProxy } from './proxy-env.js';
import { openTunnel, ProxyStatusError } from './tunnel.js';

interface RouteLike {
  proxy?: string;
  source: string;
}

const UNTRUSTED = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const HOST_MISMATCH = 'ERR_TLS_CERT_ALTNAME_INVALID';
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The code of a failure, looking through fetch's `TypeError: fetch failed` to its cause. */
function failureOf(err: unknown): { code?: string; status?: number } {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    if (e instanceof ProxyStatusError) return { code: e.code, status: e.status };
    const { code, message } = e as { code?: unknown; message?: unknown };
    // undici's ProxyAgent: "Proxy response (407) !== 200 when HTTP Tunneling".
    const m = typeof message === 'string' ? /Proxy response \((\d+)\)/.exec(message) : null;
    if (m) return { code: 'EPROXYSTATUS', status: Number(m[1]) };
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return { code };
    e = (e as { cause?: unknown }).cause;
  }
  return {};
}

export async function explainFailure(
  err: unknown,
  url: URL,
  route: RouteLike,
  context: tls.SecureContext | undefined,
): Promise<CompanionError | undefined> {
  const { code, status } = failureOf(err);
  if (!code) return undefined;
  const host = url.host;
  const proxy = route.proxy ? displayProxy(route.proxy) : undefined;
  const setting = route.source === 'os' ? 'the OS proxy settings' : 'HTTPS_PROXY/HTTP_PROXY';
  if (proxy && code === 'EPROXYSTATUS') {
    if (status === 407) {
      const hasCreds = /\/\/[^/@]+@/.test(route.proxy!);
      return new CompanionError(
        'upstream_unreachable',
        hasCreds
          ? `The proxy ${proxy} refused the credentials in ${setting} (407 Proxy Authentication Required) when connecting to ${host}: correct the user name and password in the proxy URL.`
          : `The proxy ${proxy} requires credentials (407 Proxy Authentication Required) to connect to ${host}: put them in the proxy URL, e.g. HTTPS_PROXY=http://USER:PASSWORD@${new URL(route.proxy!).host}.`,
        { host, proxy },
      );
    }
    return new CompanionError(
      'upstream_unreachable',
      `The proxy ${proxy} would not connect to ${host} (it answered HTTP ${status}): ask your network team to allow it, or add ${url.hostname} to NO_PROXY if it is reachable without the proxy.`,
      { host, proxy },
    );
  }
  if (proxy && UNREACHABLE.has(code)) {
    return new CompanionError(
      'upstream_unreachable',
      `Cannot reach the proxy ${proxy} (${code}), named by ${setting}, to connect to ${host}: check the proxy address, or unset it if this network needs none.`,
      { host, proxy },
    );
  }
  const tlsProblem = UNTRUSTED.has(code) || EXPIRED.has(code) || code === HOST_MISMATCH;
  if (!tlsProblem) return undefined;
  const issuer = (await presentedIssuer(url, route, context)) ?? 'an unknown issuer';
  const via = proxy ? ` (through the proxy ${proxy})` : '';
  if (UNTRUSTED.has(code)) {
    return new CompanionError(
      'upstream_unreachable',
      `${host}${via}: the certificate presented was issued by '${issuer}', which is not trusted (${code}). If that is your organisation's CA (a TLS-inspecting proxy or a private server), trust it: \`mcp-companion settings set caFile /path/to/ca.pem\` or NODE_EXTRA_CA_CERTS=/path/to/ca.pem.`,
      { host, issuer },
    );
  }
  if (EXPIRED.has(code)) {
    return new CompanionError(
      'upstream_unreachable',
      `${host}${via}: the certificate presented (issued by '${issuer}') is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not yet valid'}; check this machine's clock, or ask the server's owner to renew it.`,
      { host, issuer },
    );
  }
  return new CompanionError(
    'upstream_unreachable',
    `${host}${via}: the certificate presented (issued by '${issuer}') is not for this host name (${code}); check the server URL.`,
    { host, issuer },
  );
}

/** The issuer of the topmost certificate the server presents; undefined when that cannot be read. */
async function presentedIssuer(
  url: URL,
  route: RouteLike,
  context: tls.SecureContext | undefined,
): Promise<string | undefined> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : 443;
  const opts: tls.ConnectionOptions = { rejectUnauthorized: false, ...(context && { secureContext: context }) };
  let socket: tls.TLSSocket | undefined;
  try {
    socket = route.proxy
      ? ((await openTunnel(route.proxy, { host, port, secure: true, tls: opts })) as tls.TLSSocket)
      : tls.connect({ ...opts, host, port, servername: net.isIP(host) ? undefined : host });
    const s = socket;
    await new Promise<void>((resolve, reject) => {
      if (!s.connecting && s.encrypted && s.getPeerCertificate()?.subject) return resolve();
      const timer = setTimeout(() => reject(new Error('timeout')), 5000);
      s.once('secureConnect', () => {
        clearTimeout(timer);
        resolve();
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    let cert = s.getPeerCertificate(true);
    while (cert.issuerCertificate && cert.issuerCertificate !== cert && cert.issuerCertificate.fingerprint256)
      cert = cert.issuerCertificate;
    const name = cert.issuer?.CN ?? cert.issuer?.O;
    return Array.isArray(name) ? name.join(', ') : name;
  } catch {
    return undefined;
  } finally {
    socket?.destroy();
  }
}
