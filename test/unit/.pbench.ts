import http from 'node:http';
import { createProxy } from '../../local-gateway/proxy/index.js';
const up = http.createServer((req, res) => { const c: Buffer[] = []; req.on('data', (d) => c.push(d)); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"jsonrpc":"2.0","id":1,"result":{}}'); }); });
await new Promise<void>((r) => up.listen(0, '127.0.0.1', r));
const upUrl = `http://127.0.0.1:${(up.address() as any).port}/mcp`;
const proxy = createProxy({ tokens: { token: async () => 't', renew: async () => 't' }, localBase: () => '' });
const target = { name: 'a', url: upUrl, transport: 'streamable-http' as const, headers: {} };
const agentB = new http.Agent({ keepAlive: true });
const bare = http.createServer((req, res) => { const u = http.request(upUrl, { method: req.method, headers: { 'content-type': 'application/json' }, agent: agentB }, (ur) => { res.writeHead(ur.statusCode!, ur.headers); ur.pipe(res); }); req.pipe(u); });
const px = http.createServer((req, res) => proxy.handle(req, res, target, 'mcp'));
for (const s of [bare, px]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
const ca = new http.Agent({ keepAlive: true, maxSockets: 16 });
const body = '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}';
async function run(port: number, n: number) {
  const t = performance.now(); let inflight: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    inflight.push(new Promise((r, j) => { const q = http.request({ port, host: '127.0.0.1', path: '/', method: 'POST', agent: ca, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (s) => { s.resume(); s.on('end', () => r()); }); q.on('error', j); q.end(body); }));
    if (inflight.length >= 16) { await Promise.all(inflight); inflight = []; }
  }
  await Promise.all(inflight); return (performance.now() - t) / n;
}
for (let k = 0; k < 3; k++) {
  const b = await run((bare.address() as any).port, 4000); const p = await run((px.address() as any).port, 4000);
  console.log(`bare ${(b * 1000).toFixed(1)}us/req  proxy ${(p * 1000).toFixed(1)}us/req`);
}
process.exit(0);
