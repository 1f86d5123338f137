// The one way out: every outbound HTTP(S) connection the companion makes (OAuth discovery,
// registration, token and refresh calls through `fetch`, and the proxied MCP traffic through
// node:http agents) is routed and trusted here. A route is chosen per URL: loopback always
// direct; else HTTPS_PROXY/HTTP_PROXY/NO_PROXY when any proxy variable is set; else the OS's
// proxy settings when the host can tell (the desktop app passes Electron's resolveProxy); else
// direct. Proxies are reached with CONNECT tunnels (https-proxy-agent for node:http, undici's
// ProxyAgent for fetch), so TLS to the upstream is end to end and verified against `trust`.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { Agent as UndiciAgent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { displayProxy, hasProxyEnv, isLoopbackHost, proxyFromEnv, proxySummary } from './proxy-env.js';
import { explainFailure } from './failures.js';
import { openTunnel } from './tunnel.js';
import { loadTrust, type Trust } from './trust.js';
import { errorMessage } from '../core/errors.js';

/**
 * The OS's proxy for a URL in PAC form ("DIRECT", "PROXY host:port; DIRECT", "HTTPS host:port"),
 * as Electron's session.resolveProxy answers it.
 */
export type OsProxyResolver = (url: string) => Promise<string>;

export interface OutboundOptions {
  env: NodeJS.ProcessEnv;
  /** The `caFile` setting, read at each new connection so a change applies at once. */
  caFile?: () => string | undefined;
  resolveProxy?: OsProxyResolver;
}

/** Proxy and trust in effect, in words (no credentials): settings, doctor and diagnostics show it. */
export interface NetworkSummary {
  proxy: string;
  trust: string[];
}

export interface Route {
  /** The proxy URL (may carry credentials: never print it, print `shown`). */
  proxy?: string;
  /** Where the decision came from. */
  source: 'loopback' | 'env' | 'os' | 'direct';
  /** The route in words, without credentials. */
  shown: string;
}

export interface Outbound {
  /** fetch over this routing and trust; failures carry an explained message. */
  fetch: typeof fetch;
  /** A keep-alive node:http agent for one upstream origin. */
  agent(origin: string, secure: boolean): http.Agent;
  route(url: URL): Promise<Route>;
  /** The CA sources in effect (throws when the caFile setting is unusable). */
  trust(): Trust;
  /** Proxy and trust in effect, in words, for settings, doctor and diagnostics. */
  summary(): NetworkSummary;
  /** A user-facing sentence for a failed connection to `url`, when the failure has a known cause. */
  explain(err: unknown, url: URL): Promise<string | undefined>;
  close(): void;
}

/** New upstream sockets (direct or through the proxy's tunnel) must be up within this time. */
const CONNECT_TIMEOUT_MS = 10_000;

export function createOutbound(opts: OutboundOptions): Outbound {
  const env = opts.env;
  let trustCache: { key: string; trust: Trust; context?: tls.SecureContext } | undefined;
  const dispatchers = new Map<string, Dispatcher>();
  const agents = new Map<string, http.Agent>();

  function trusted(): { trust: Trust; context?: tls.SecureContext } {
    const caFile = opts.caFile?.() || undefined;
    const key = caFile ?? '';
    if (trustCache?.key !== key) {
      const trust = loadTrust(env, caFile);
      const context = trust.ca ? tls.createSecureContext({ ca: trust.ca }) : undefined;
      trustCache = { key, trust, context };
      // Pooled connections keep the trust they were verified with; new ones use the new list.
      for (const d of dispatchers.values()) void d.close();
      dispatchers.clear();
    }
    return trustCache;
  }

  async function route(url: URL): Promise<Route> {
    if (isLoopbackHost(url.hostname)) return { source: 'loopback', shown: 'direct (loopback is never proxied)' };
    if (hasProxyEnv(env)) {
      const proxy = proxyFromEnv(url, env);
      return proxy
        ? { proxy, source: 'env', shown: `proxy ${displayProxy(proxy)} (from ${envName(url)})` }
        : { source: 'env', shown: 'direct (NO_PROXY, or no proxy variable for this scheme)' };
    }
    if (opts.resolveProxy) {
      const proxy = pacToProxy(await opts.resolveProxy(url.href));
      if (proxy) return { proxy, source: 'os', shown: `proxy ${displayProxy(proxy)} (from the OS proxy settings)` };
      return { source: 'os', shown: 'direct (OS proxy settings)' };
    }
    return { source: 'direct', shown: 'direct (no proxy configured)' };
  }

  function dispatcherFor(r: Route): Dispatcher {
    const { context } = trusted();
    const key = r.proxy ?? '';
    let d = dispatchers.get(key);
    if (!d) {
      const tlsOpts = context ? { secureContext: context } : {};
      d = r.proxy
        ? new ProxyAgent({ uri: r.proxy, requestTls: tlsOpts, proxyTls: tlsOpts })
        : new UndiciAgent({ connect: tlsOpts });
      dispatchers.set(key, d);
    }
    return d;
  }

  const outboundFetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : undefined;
    const url = new URL(req ? req.url : String(input));
    const r = await route(url);
    const fullInit = req
      ? { method: req.method, headers: req.headers, body: req.body, signal: req.signal, duplex: 'half', ...init }
      : init;
    try {
      const res = await undiciFetch(url, { ...(fullInit as object), dispatcher: dispatcherFor(r) });
      return res as unknown as Response;
    } catch (err) {
      const explained = await explainFailure(err, url, r, trusted().context);
      if (explained) throw explained;
      throw err;
    }
  };

  function createConnection(origin: URL, secure: boolean) {
    return (
      options: http.ClientRequestArgs & tls.ConnectionOptions,
      done: (err: Error | null, s?: net.Socket) => void,
    ) => {
      const host = String(options.host ?? origin.hostname);
      const port = Number(options.port ?? origin.port ?? (secure ? 443 : 80));
      const servername = net.isIP(host) ? undefined : host;
      let settled = false;
      const finish = (err: Error | null, s?: net.Socket) => {
        if (settled) return s?.destroy();
        settled = true;
        done(err, s);
      };
      void (async () => {
        const r = await route(origin);
        const { context } = trusted();
        const tlsOpts = context ? { secureContext: context } : {};
        if (!r.proxy) {
          return secure
            ? tls.connect({ host, port, servername, ...tlsOpts })
            : net.connect({ host, port, keepAlive: true });
        }
        const timer = setTimeout(
          () => finish(Object.assign(new Error('proxy connect timeout'), { code: 'ETIMEDOUT' })),
          CONNECT_TIMEOUT_MS,
        );
        try {
          return await openTunnel(r.proxy, { host, port, secure, tls: tlsOpts });
        } finally {
          clearTimeout(timer);
        }
      })().then(
        (s) => finish(null, s),
        (err: Error) => finish(err),
      );
    };
  }

  function agent(origin: string, secure: boolean): http.Agent {
    let a = agents.get(origin);
    if (!a) {
      // No socket timeout: SSE streams may idle for hours. LIFO reuses warm sockets and lets
      // the cold ones age out on the server side.
      a = new http.Agent({ keepAlive: true, scheduling: 'lifo' });
      (a as http.Agent & { protocol: string }).protocol = secure ? 'https:' : 'http:';
      const connect = createConnection(new URL(origin), secure);
      // Node's Agent accepts a callback-style createConnection (used when it returns nothing).
      (a as unknown as { createConnection: unknown }).createConnection = (o: never, cb: never) => {
        connect(o, cb);
        return undefined;
      };
      agents.set(origin, a);
    }
    return a;
  }

  return {
    fetch: outboundFetch as typeof fetch,
    agent,
    route,
    trust: () => trusted().trust,
    summary() {
      let trust: string[];
      try {
        trust = trusted().trust.sources;
      } catch (err) {
        trust = [errorMessage(err)];
      }
      return { proxy: proxySummary(env, opts.resolveProxy !== undefined), trust };
    },
    async explain(err, url) {
      const e = await explainFailure(err, url, await route(url), trusted().context);
      return e?.message;
    },
    close() {
      for (const a of agents.values()) a.destroy();
      agents.clear();
      for (const d of dispatchers.values()) void d.close();
      dispatchers.clear();
    },
  };
}

function envName(url: URL): string {
  return url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
}

/** The first usable entry of a PAC answer; SOCKS entries are skipped (not supported). */
export function pacToProxy(pac: string): string | undefined {
  for (const part of pac.split(';')) {
    const [kind, hostPort] = part.trim().split(/\s+/);
    const k = kind?.toUpperCase();
    if (k === 'DIRECT') return undefined;
    if ((k === 'PROXY' || k === 'HTTP') && hostPort) return `http://${hostPort}`;
    if (k === 'HTTPS' && hostPort) return `https://${hostPort}`;
  }
  return undefined;
}
