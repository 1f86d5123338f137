// A small cache of parsed target URLs so the hot path does no URL parsing for the common case;
// each carries the keep-alive agent of its origin from the outbound-connection layer (net/).
import type http from 'node:http';

export interface ParsedUpstream {
  origin: string;
  https: boolean;
  hostname: string;
  port: number;
  /** The Host header value: `host[:port]`, IPv6 literals bracketed, default ports left out. */
  host: string;
  /** Path plus query of the target URL, e.g. `/acme/mcp?x=1`. */
  path: string;
  agent: http.Agent;
}

const PARSE_CACHE_LIMIT = 256;

export class UpstreamPool {
  private readonly parsed = new Map<string, ParsedUpstream>();

  constructor(private readonly agentFor: (origin: string, secure: boolean) => http.Agent) {}

  /** Throws on an unparsable or non-http(s) URL (a configuration error, reported as 502). */
  resolve(url: string): ParsedUpstream {
    const hit = this.parsed.get(url);
    if (hit) return hit;
    const u = new URL(url);
    const p = this.fromUrl(u);
    if (this.parsed.size >= PARSE_CACHE_LIMIT) this.parsed.clear();
    this.parsed.set(url, p);
    return p;
  }

  fromUrl(u: URL): ParsedUpstream {
    const secure = u.protocol === 'https:';
    if (!secure && u.protocol !== 'http:') throw new Error(`unsupported protocol ${u.protocol}`);
    return {
      origin: u.origin,
      https: secure,
      // URL keeps IPv6 literals bracketed; the socket layer wants them bare.
      hostname: u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname,
      port: u.port ? Number(u.port) : secure ? 443 : 80,
      host: u.host,
      path: u.pathname + u.search,
      agent: this.agentFor(u.origin, secure),
    };
  }

  close(): void {
    this.parsed.clear();
  }
}

/** Appends the client's query string to the target path, keeping the target's own query. */
export function withQuery(targetPath: string, reqUrl: string | undefined): string {
  const q = reqUrl ? reqUrl.indexOf('?') : -1;
  if (q < 0 || q === reqUrl!.length - 1) return targetPath;
  const query = reqUrl!.slice(q + 1);
  return targetPath + (targetPath.includes('?') ? '&' : '?') + query;
}
