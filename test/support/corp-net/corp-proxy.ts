// A corporate-style HTTP proxy on 127.0.0.1 (proxy-chain, a maintained npm proxy server). Only
// the proxy resolves the corp host names (to 127.0.0.1), so a client that skips it fails DNS:
// its log proves which connections went through it.
import dns from 'node:dns';
import { Server } from 'proxy-chain';

export interface CorpProxy {
  /** http://127.0.0.1:<port>, with user:password when the proxy asks for them. */
  url: string;
  port: number;
  /** One line per request: `CONNECT host:port` or `GET http://…`, and `407 …` for refused credentials. */
  log: string[];
  close(): Promise<void>;
}

type Lookup = (
  host: string,
  opts: dns.LookupOptions,
  cb: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
) => void;

export async function startCorpProxy(opts: {
  hosts: string[];
  auth?: { user: string; password: string };
}): Promise<CorpProxy> {
  const log: string[] = [];
  const lookup: Lookup = (host, o, cb) => {
    if (!opts.hosts.includes(host)) return dns.lookup(host, o, cb as never);
    if (o.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
    else cb(null, '127.0.0.1', 4);
  };
  const server = new Server({
    port: 0,
    host: '127.0.0.1',
    verbose: false,
    prepareRequestFunction: ({ request, username, password, hostname, port, isHttp }) => {
      const line = isHttp ? `${request.method} ${request.url}` : `CONNECT ${hostname}:${port}`;
      if (opts.auth && (username !== opts.auth.user || password !== opts.auth.password)) {
        log.push(`407 ${line}`);
        return { requestAuthentication: true };
      }
      log.push(line);
      return { dnsLookup: lookup as never };
    },
  });
  await server.listen();
  const port = server.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    close: () => server.close(true),
  };
}
