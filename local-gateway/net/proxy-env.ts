// Which proxy, if any, a URL goes through according to HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either
// case, lower case first as curl does). NO_PROXY follows curl: comma- or space-separated names,
// a leading `.` or `*.` is a domain suffix that also matches the domain itself, `host:port` matches
// that port only, CIDR blocks match IP literals, and `*` alone turns the proxy off. Loopback
// (127.0.0.0/8, ::1, localhost) never goes through a proxy, whatever the environment says.
import net from 'node:net';

/** True for names and literals that can only mean this machine: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return net.isIPv4(h) && h.startsWith('127.');
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return v && v.trim() ? v.trim() : undefined;
}

/** Whether any proxy variable is set: with none, the OS's settings (the app) decide. */
export function hasProxyEnv(env: NodeJS.ProcessEnv): boolean {
  return envValue(env, 'https_proxy') !== undefined || envValue(env, 'http_proxy') !== undefined;
}

/** The proxy URL the environment names for this URL (scheme-less values mean http://), or undefined. */
export function proxyFromEnv(url: URL, env: NodeJS.ProcessEnv): string | undefined {
  if (isLoopbackHost(url.hostname)) return undefined;
  const raw = envValue(env, url.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
  if (!raw) return undefined;
  if (bypassed(url, envValue(env, 'no_proxy') ?? '')) return undefined;
  return withScheme(raw);
}

function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** Does NO_PROXY exclude this URL? */
export function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = defaultPort(url);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    const { name, port: entryPort } = splitHostPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    const domain = name.replace(/^\*?\./, '');
    if (!domain) continue;
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitHostPort(entry: string): { name: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (v6) return { name: v6[1]!, port: v6[2] ? Number(v6[2]) : undefined };
  if (net.isIPv6(entry)) return { name: entry };
  const m = /^(.*):(\d+)$/.exec(entry);
  return m ? { name: m[1]!, port: Number(m[2]) } : { name: entry };
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const family = net.isIPv4(base!) ? 'ipv4' : net.isIPv6(base!) ? 'ipv6' : undefined;
  const prefix = Number(bits);
  if (!family || !Number.isInteger(prefix) || net.isIP(host) === 0) return false;
  const hostFamily = net.isIPv4(host) ? 'ipv4' : 'ipv6';
  if (hostFamily !== family) return false;
  const list = new net.BlockList();
  try {
    list.addSubnet(base!, prefix, family);
  } catch {
    return false;
  }
  return list.check(host, family);
}

/** A proxy URL fit to print: scheme, host and port, never the user:password it may carry. */
export function displayProxy(proxyUrl: string): string {
  try {
    const u = new URL(proxyUrl);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparsable proxy URL)';
  }
}

/** The proxy settings in effect, in words (never with credentials). */
export function proxySummary(env: NodeJS.ProcessEnv, osResolver: boolean): string {
  if (hasProxyEnv(env)) {
    const https = envValue(env, 'https_proxy');
    const http = envValue(env, 'http_proxy');
    const noProxy = envValue(env, 'no_proxy');
    const parts = [
      https ? `HTTPS_PROXY ${displayProxy(withScheme(https))}` : 'HTTPS_PROXY not set: https:// servers go direct',
      http ? `HTTP_PROXY ${displayProxy(withScheme(http))}` : undefined,
      noProxy ? `NO_PROXY ${noProxy}` : undefined,
    ];
    return `${parts.filter(Boolean).join('; ')} (from the environment; loopback is never proxied)`;
  }
  if (osResolver) return 'the OS proxy settings, asked per server (loopback is never proxied)';
  return 'none: connections go direct (set HTTPS_PROXY to use a proxy)';
}

function withScheme(raw: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
}
