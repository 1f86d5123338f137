// An HTTP fault injector in front of an upstream: per request, a rule decides whether to pass
// it through, refuse it at the TCP level, reset mid-response, delay it or answer an error.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'pass' | 'reset' | 'reset-midway' | { delayMs: number } | { status: number };
export type FaultRule = (req: http.IncomingMessage) => Fault;

export interface FaultProxy {
  url: string;
  setRule(rule: FaultRule): void;
  setTarget(url: string): void;
  seen: number;
  close(): Promise<void>;
}

export async function startFaultProxy(): Promise<FaultProxy> {
  let t = new URL('http://127.0.0.1:9');
  let rule: FaultRule = () => 'pass';
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    proxy.seen++;
    const fault = rule(req);
    if (fault === 'reset') return void req.socket.destroy();
    if (typeof fault === 'object' && 'status' in fault) {
      res
        .writeHead(fault.status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'server_error', message: 'injected fault' }));
      return;
    }
    const forward = () => {
      const up = http.request(
        {
          host: t.hostname,
          port: t.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: t.host },
          agent,
        },
        (ures) => {
          res.writeHead(ures.statusCode ?? 502, ures.headers);
          if (fault === 'reset-midway') {
            res.flushHeaders();
            ures.once('data', (chunk: Buffer) => {
              res.write(chunk.subarray(0, Math.ceil(chunk.length / 2)), () =>
                setTimeout(() => {
                  res.socket?.destroy();
                  ures.destroy();
                }, 20),
              );
            });
            return;
          }
          ures.pipe(res);
        },
      );
      up.on('error', () => res.socket?.destroy());
      res.on('close', () => up.destroy());
      req.pipe(up);
    };
    if (typeof fault === 'object' && 'delayMs' in fault) setTimeout(forward, fault.delayMs);
    else forward();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const proxy: FaultProxy = {
    url,
    setRule: (r) => {
      rule = r;
    },
    setTarget: (u) => {
      t = new URL(u);
    },
    seen: 0,
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return proxy;
}
