// A companion on a temporary data dir and a free port, talking to a reference control plane,
// with the scripted browser. Used by the integration tests, the demo and the benchmarks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createCompanion, type Companion, type CompanionOptions } from '../../local-gateway/companion.js';
import { fakeBrowser, type FakeBrowser } from './browser.js';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from './control-plane/index.js';
import { freePort } from './ports.js';

export interface Harness {
  cp: ControlPlane;
  companion: Companion;
  browser: FakeBrowser;
  /** A temporary folder made for this harness (removed by close()) unless `opts.dataDir` was given. */
  dataDir: string;
  localUrl(server: string): string;
  token(label?: string): string;
  connect(server: string, label?: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startHarness(
  opts: { cp?: ControlPlaneOptions; companion?: Partial<CompanionOptions>; servers?: string[]; dataDir?: string } = {},
): Promise<Harness> {
  const cp = await startControlPlane(opts.cp);
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-'));
  const ownsDataDir = opts.dataDir === undefined;
  const browser = fakeBrowser();
  const companion = createCompanion({
    dataDir,
    port: await freePort(),
    openBrowser: (u) => browser.open(u),
    ...opts.companion,
  });
  for (const name of opts.servers ?? ['linear']) {
    if (!companion.store.getServer(name)) companion.store.addServer({ name, url: cp.mcpUrl(name) });
  }
  await companion.listen();
  const clients: Client[] = [];
  const h: Harness = {
    cp,
    companion,
    browser,
    dataDir,
    localUrl: (server) => `http://127.0.0.1:${companion.port}/servers/${server}/mcp`,
    // A client routed for every server the store holds now (tokens are scoped to their servers).
    token: (label = 'test-ide') =>
      companion.store.ensureLocalToken(
        label,
        companion.store.listServers().map((s) => s.name),
      ),
    async connect(server, label) {
      const client = new Client({ name: 'test-ide', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(h.localUrl(server)), {
        requestInit: { headers: { Authorization: `Bearer ${h.token(label)}` } },
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await companion.close();
      await cp.close();
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}
