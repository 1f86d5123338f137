// Prepares a gateway data dir the way a user would have it: N upstreams configured, the bench
// server signed in (through the real OAuth flow, with a scripted browser), a local token minted.
// The companion used for it closes again; the bench then runs the real `serve` on the same dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCompanion } from '../../local-gateway/companion.js';
import { fakeBrowser } from '../support/browser.js';
import { freePort } from '../support/ports.js';

export interface PreparedGateway {
  dataDir: string;
  port: number;
  localToken: string;
}

/** `extra` servers (name → MCP URL, on other upstreams) are added and signed in as well. */
export async function prepareGateway(
  mcpUrlOf: (server: string) => string,
  servers: string[],
  extra: Record<string, string> = {},
): Promise<PreparedGateway> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-bench-'));
  const browser = fakeBrowser();
  const companion = createCompanion({ dataDir, port: await freePort(), openBrowser: (u) => browser.open(u) });
  try {
    for (const name of servers) companion.store.addServer({ name, url: mcpUrlOf(name) });
    for (const [name, url] of Object.entries(extra)) companion.store.addServer({ name, url });
    await companion.listen();
    for (const name of ['bench', ...Object.keys(extra)]) await companion.oauth.login(companion.store.getServer(name)!);
    return {
      dataDir,
      port: companion.port,
      localToken: companion.store.ensureLocalToken(
        'bench',
        companion.store.listServers().map((s) => s.name),
      ),
    };
  } finally {
    await companion.close();
  }
}
