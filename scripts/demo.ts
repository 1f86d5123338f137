// `npm run demo`: the main job, headless and end to end. Starts a strict (v0.148-style)
// reference control plane, runs `mcp-companion serve` as a real child process with a scripted
// browser, adds the server and gets a local endpoint through the CLI, lists and calls tools as
// an IDE would, then upgrades the control plane and shows the gateway recovering by itself.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startControlPlane } from '../test/support/control-plane/index.js';
import { freePort } from '../test/support/ports.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/mcp-companion.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-companion-demo-'));
const env = {
  ...process.env,
  MCP_COMPANION_HOME: home,
  BROWSER: `${process.execPath} ${path.join(root, 'dist/scripts/auto-browser.js')}`,
};
const step = (s: string) => console.log(`\n▶ ${s}`);
const cli = (...args: string[]) => execFileSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });

const cp = await startControlPlane({ mode: 'strict' });
step(`Reference control plane (strict, v0.148 rules) at ${cp.baseUrl}`);
const port = await freePort();
step(`mcp-companion serve --port ${port} --no-open   (data dir ${home})`);
const serve = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--no-open'], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  serve.stdout.on('data', (d: Buffer) => {
    process.stdout.write(d);
    if (d.toString().includes('listening')) resolve();
  });
  serve.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});
try {
  step(`mcp-companion server add linear ${cp.mcpUrl('linear')}`);
  process.stdout.write(cli('server', 'add', 'linear', cp.mcpUrl('linear')));
  step('mcp-companion connect linear --as demo-ide --json   (what an IDE config gets)');
  const info = JSON.parse(cli('connect', 'linear', '--as', 'demo-ide', '--json')) as {
    url: string;
    headers: Record<string, string>;
  };
  console.log(`  url: ${info.url}\n  headers: { Authorization: "Bearer ${'•'.repeat(12)}" }`);

  step('An IDE connects (MCP SDK client). First use: DCR + one browser sign-in, handled by the gateway');
  const client = new Client({ name: 'demo-ide', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(info.url), { requestInit: { headers: info.headers } }),
  );
  const { tools } = await client.listTools();
  console.log(`  tools: ${tools.map((t) => t.name).join(', ')}`);
  const echo = await client.callTool({ name: 'echo', arguments: { text: 'hello through MCP Companion' } });
  console.log(`  echo → ${JSON.stringify((echo.content as Array<{ text: string }>)[0]?.text)}`);

  step('The control plane upgrades: every earlier registration is revoked, access tokens expire');
  cp.upgrade();
  cp.expireAccessTokens();
  const again = await client.callTool({ name: 'echo', arguments: { text: 'still working after the upgrade' } });
  console.log(`  echo → ${JSON.stringify((again.content as Array<{ text: string }>)[0]?.text)}`);
  console.log(
    `  registrations at the control plane: ${cp.stats.registrations} (one fresh DCR), rejected authorizations: ${cp.stats.authorizeRejections}`,
  );
  step('mcp-companion server list');
  process.stdout.write(cli('server', 'list'));
  await client.close();
  console.log('\n✔ Demo complete: a local MCP endpoint that keeps working across the v0.148 upgrade.');
} finally {
  serve.kill('SIGTERM');
  await new Promise((r) => serve.once('exit', r));
  await cp.close();
  fs.rmSync(home, { recursive: true, force: true });
}
