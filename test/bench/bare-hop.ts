// The floor for any Node proxy: one keep-alive agent and two pipes, no parsing, no policy.
// Everything the gateway does beyond this (guards, token lookup, header rules) is its overhead.
import http from 'node:http';

export function createBareHop(upstreamOrigin: string): http.Server {
  const u = new URL(upstreamOrigin);
  const agent = new http.Agent({ keepAlive: true });
  // Same keep-alive timeout as the gateway, so both hops meet clients on equal terms.
  return http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const ureq = http.request(
      { hostname: u.hostname, port: u.port, path: req.url, method: req.method, headers: req.headers, agent },
      (ures) => {
        res.writeHead(ures.statusCode ?? 502, ures.rawHeaders);
        ures.pipe(res);
      },
    );
    ureq.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) ureq.destroy();
    });
    req.pipe(ureq);
  });
}
