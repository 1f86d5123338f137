// A local token opens only the servers it was issued for: `connect <server> --as <label>` grants
// that server to the label, `route <client>` grants the routed servers to the client's label.
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/companion-harness.js';
import { connectInfo } from '../../local-gateway/services/servers.js';
import { tempDirs } from '../support/temp-dirs.js';

const tempDir = tempDirs('mcpc-home-');
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
});

function post(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(INIT);
  });
}

describe('local tokens are scoped to the servers they were issued for', () => {
  it('connect --as grants one server; others get 403 saying which label and how to grant it', async () => {
    h = await startHarness({ servers: ['linear', 'github'] });
    await h.companion.oauth.login(h.companion.store.getServer('linear')!);
    const linear = connectInfo(h.companion.store, h.companion.port, 'linear', 'probe');
    expect((await post(linear.url, linear.headers)).status).toBe(200);
    const before = h.cp.stats.mcpRequests;
    const other = await post(h.localUrl('github'), linear.headers);
    expect(other.status).toBe(403);
    const error = JSON.parse(other.body).error as { message: string };
    expect(error.message).toContain('"probe"');
    expect(error.message).toContain('"github"');
    expect(error.message).toContain('mcp-companion connect github --as probe');
    expect(other.body).not.toContain(linear.headers.Authorization.slice(7));
    expect(h.cp.stats.mcpRequests).toBe(before); // refused before any upstream call
    // Granting it (same token) opens it.
    const github = connectInfo(h.companion.store, h.companion.port, 'github', 'probe');
    expect(github.headers).toEqual(linear.headers);
    await h.companion.oauth.login(h.companion.store.getServer('github')!);
    expect((await post(h.localUrl('github'), github.headers)).status).toBe(200);
  });

  it("route grants a client's token the servers routed for it, and nothing else", async () => {
    const home = tempDir();
    const env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      APPDATA: path.join(home, 'AppData'),
    };
    h = await startHarness({
      servers: ['github'],
      companion: { env, platform: 'linux', processes: { list: async () => [] } },
    });
    const file = path.join(home, '.cursor/mcp.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ mcpServers: { linear: { url: h.cp.mcpUrl('linear') } } }, null, 2));
    await h.companion.clients.route('cursor');
    const entry = (
      JSON.parse(fs.readFileSync(file, 'utf8')) as {
        mcpServers: { linear: { url: string; headers: Record<string, string> } };
      }
    ).mcpServers.linear;
    await h.companion.oauth.login(h.companion.store.getServer('linear')!);
    expect((await post(entry.url, entry.headers)).status).toBe(200);
    const refused = await post(h.localUrl('github'), entry.headers);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.message).toMatch(/"cursor".*mcp-companion route cursor/s);
  });
});
