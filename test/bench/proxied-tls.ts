// The proxied TLS path's added cost (issue 19): the same MCP calls through the gateway to one TLS
// upstream (private CA), once direct and once through a CONNECT proxy, interleaved call by call;
// and the cost of a new upstream connection each way (TLS handshake, plus the CONNECT exchange).
// The upstream and the gateway share the runner's process; the proxy has one of its own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createCompanion } from '../../local-gateway/companion.js';
import { openTunnel } from '../../local-gateway/net/tunnel.js';
import { startControlPlane } from '../support/control-plane/index.js';
import { makePrivateCaFile } from '../support/private-ca.js';
import { freePort } from '../support/ports.js';
import { summarize, type Summary } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORP_HOST = 'mcp.corp.test';

export interface ProxiedTlsResult {
  calls: { direct: Summary; proxied: Summary };
  handshakes: { direct: Summary; proxied: Summary };
}

function startProxyChild(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, [path.join(HERE, 'corp-proxy-main.js'), CORP_HOST], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`proxy exited early (${code})`)));
    child.stdout.once('data', (d: Buffer) => resolve({ port: Number(String(d).trim()), stop: () => child.kill() }));
  });
}

export async function proxiedTls(opts: { calls: number; handshakes: number }): Promise<ProxiedTlsResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-bench-tls-'));
  const stops: Array<() => unknown> = [() => fs.rmSync(dir, { recursive: true, force: true })];
  try {
    const ca = await makePrivateCaFile(dir, [CORP_HOST, 'localhost']);
    const proxy = await startProxyChild();
    stops.push(() => proxy.stop());
    const cp = await startControlPlane({
      tls: { key: ca.key, cert: ca.cert },
      publicHost: CORP_HOST,
      staticAuth: { public: 'none' },
    });
    stops.push(() => cp.close());
    const proxiedUrl = cp.mcpUrl('public');
    // The same upstream by a loopback name: never proxied, so this is the direct TLS path.
    const directUrl = proxiedUrl.replace(CORP_HOST, 'localhost');
    const companion = createCompanion({
      dataDir: path.join(dir, 'data'),
      port: await freePort(),
      env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` },
    });
    companion.store.setSetting('ca_file', ca.caFile);
    companion.store.addServer({ name: 'direct', url: directUrl });
    companion.store.addServer({ name: 'proxied', url: proxiedUrl });
    await companion.listen();
    stops.push(() => companion.close());
    const token = companion.store.ensureLocalToken('bench', ['direct', 'proxied']);
    const clients = new Map<string, Client>();
    for (const name of ['direct', 'proxied']) {
      const client = new Client({ name: 'bench', version: '1' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${companion.port}/servers/${name}/mcp`), {
          requestInit: { headers: { Authorization: `Bearer ${token}` } },
        }),
      );
      stops.push(() => client.close());
      clients.set(name, client);
    }
    const text = 'x'.repeat(1024);
    const samples = { direct: [] as number[], proxied: [] as number[] };
    const warm = Math.min(50, opts.calls);
    for (let i = 0; i < warm + opts.calls; i++) {
      // Alternate which goes first, so neither always follows the other's garbage.
      for (const name of i % 2 ? (['direct', 'proxied'] as const) : (['proxied', 'direct'] as const)) {
        const t0 = performance.now();
        await clients.get(name)!.callTool({ name: 'echo', arguments: { text } });
        if (i >= warm) samples[name].push(performance.now() - t0);
      }
    }

    const port = Number(new URL(proxiedUrl).port);
    const secureContext = tls.createSecureContext({ ca: [ca.ca] });
    const shakes = { direct: [] as number[], proxied: [] as number[] };
    const handshake = async (via: 'direct' | 'proxied') => {
      const t0 = performance.now();
      const socket =
        via === 'direct'
          ? tls.connect({ host: 'localhost', port, servername: 'localhost', secureContext })
          : ((await openTunnel(`http://127.0.0.1:${proxy.port}`, {
              host: CORP_HOST,
              port,
              secure: true,
              tls: { secureContext },
            })) as tls.TLSSocket);
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', () => resolve());
        socket.once('error', reject);
      });
      shakes[via].push(performance.now() - t0);
      socket.destroy();
    };
    for (let i = 0; i < opts.handshakes; i++) {
      await handshake(i % 2 ? 'direct' : 'proxied');
      await handshake(i % 2 ? 'proxied' : 'direct');
    }
    return {
      calls: { direct: summarize(samples.direct), proxied: summarize(samples.proxied) },
      handshakes: { direct: summarize(shakes.direct), proxied: summarize(shakes.proxied) },
    };
  } finally {
    for (const stop of stops.reverse())
      await Promise.resolve()
        .then(stop)
        .catch(() => undefined);
  }
}

export function formatProxiedTls(r: ProxiedTlsResult): string {
  const row = (label: string, d: Summary, p: Summary) =>
    `${label.padEnd(34)}${`${d.p50.toFixed(2)} / ${d.p99.toFixed(2)}`.padStart(16)}${`${p.p50.toFixed(2)} / ${p.p99.toFixed(2)}`.padStart(16)}${`+${(p.p50 - d.p50).toFixed(2)}`.padStart(12)}`;
  return [
    'Proxied TLS path (gateway → CONNECT proxy → TLS upstream, private CA) vs direct TLS',
    `${'metric (p50 / p99 ms)'.padEnd(34)}${'direct TLS'.padStart(16)}${'via proxy'.padStart(16)}${'added p50'.padStart(12)}`,
    row(`1 KiB call, pooled (n=${r.calls.direct.n})`, r.calls.direct, r.calls.proxied),
    row(`new TLS connection (n=${r.handshakes.direct.n})`, r.handshakes.direct, r.handshakes.proxied),
  ].join('\n');
}
