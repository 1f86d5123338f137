// Client modes through the real binary, as a user on a corporate laptop runs them: a server added
// with the organisation's Client ID Metadata Document, and IDE entries carrying a pre-registered
// OAuth client routed through the companion; each signs in and a tool call goes through the gateway.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../support/control-plane/index.js';
import { AUTO_BROWSER, runCli, startServe } from '../support/cli.js';
import { startDocumentHost, type DocumentHost } from '../support/document-host.js';
import { freePort } from '../support/ports.js';
import { tempDirs } from '../support/temp-dirs.js';

const tempDir = tempDirs('mcpc-modes-');
let cp: ControlPlane | undefined;
let host: DocumentHost | undefined;
afterEach(async () => {
  await cp?.close();
  await host?.close();
  cp = undefined;
  host = undefined;
});

async function setup(cpOptions: ControlPlaneOptions) {
  cp = await startControlPlane(cpOptions);
  const home = tempDir();
  const env = {
    HOME: home,
    MCP_COMPANION_HOME: path.join(home, 'companion'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    BROWSER: AUTO_BROWSER,
  };
  return { cp, home, env, port: await freePort() };
}

async function callEcho(env: NodeJS.ProcessEnv, server: string, label: string, value: string): Promise<string> {
  const info = JSON.parse((await runCli(['connect', server, '--as', label, '--json'], env)).stdout) as {
    url: string;
    headers: Record<string, string>;
  };
  const client = new Client({ name: 'ide', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(info.url), { requestInit: { headers: info.headers } }),
  );
  try {
    const r = (await client.callTool({ name: 'echo', arguments: { text: value } })) as CallToolResult;
    return (r.content[0] as { text: string }).text;
  } finally {
    await client.close();
  }
}

describe('client modes through the CLI', () => {
  it('server add --client-id-metadata → login → tool call; list, list --json and doctor say cimd', async () => {
    host = await startDocumentHost();
    const { cp, env, port } = await setup({ clientIdMetadata: { ca: host.ca } });
    const docUrl = host.url('/acme/mcp-companion.json');
    host.put('/acme/mcp-companion.json', {
      client_id: docUrl,
      client_name: 'MCP Companion (Acme)',
      redirect_uris: [`http://127.0.0.1:${port}/oauth/callback`],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    const serve = await startServe(['--port', String(port)], env);
    try {
      const add = await runCli(['server', 'add', 'linear', cp.mcpUrl('linear'), '--client-id-metadata', docUrl], env);
      expect(add.code).toBe(0);
      expect(add.stdout).toContain(`Signs in as: ${docUrl} (Client ID Metadata Document)`);
      const login = await runCli(['login', 'linear'], env);
      expect(login.code).toBe(0);
      expect(await callEcho(env, 'linear', 'cursor', 'through the gateway')).toBe('through the gateway');
      expect(cp.stats.registrations).toBe(0);
      expect(cp.stats.metadataDocumentFetches).toBeGreaterThanOrEqual(1);
      const list = await runCli(['server', 'list'], env);
      expect(list.stdout).toContain(`client:   cimd, Client ID Metadata Document (client_id ${docUrl})`);
      const json = JSON.parse((await runCli(['server', 'list', '--json'], env)).stdout) as Array<
        Record<string, unknown>
      >;
      expect(json[0]).toMatchObject({ client: 'cimd', clientId: docUrl, clientIdMetadataUrl: docUrl });
      const doctor = await runCli(['doctor', '--json'], env);
      expect(doctor.stdout).toContain(`linear: signs in with cimd: the Client ID Metadata Document ${docUrl}.`);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('refuses a metadata URL that cannot be a client_id, naming the fix, and adds nothing', async () => {
    const { cp, env } = await setup({});
    const r = await runCli(
      ['server', 'add', 'linear', cp.mcpUrl('linear'), '--client-id-metadata', 'http://example.com/client.json'],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The client ID metadata URL must be https');
    expect(r.stderr).toContain('Corporate networks');
    expect(JSON.parse((await runCli(['server', 'list', '--json'], env)).stdout)).toEqual([]);
  });

  it("route carries Claude Code's pre-registered client over: sign-in on its callback port, no DCR", async () => {
    const callbackPort = await freePort();
    const { cp, home, env } = await setup({
      registration: false,
      preRegistered: [{ clientId: 'acme-claude-code', redirectUris: [`http://localhost:${callbackPort}/callback`] }],
    });
    fs.writeFileSync(
      path.join(home, '.claude.json'),
      JSON.stringify({
        mcpServers: {
          linear: { type: 'http', url: cp.mcpUrl('linear'), oauth: { clientId: 'acme-claude-code', callbackPort } },
        },
      }),
    );
    expect((await runCli(['route', 'claude-code'], env)).code).toBe(0);
    const routed = JSON.parse(fs.readFileSync(path.join(home, '.claude.json'), 'utf8')) as {
      mcpServers: { linear: Record<string, unknown> };
    };
    expect(routed.mcpServers.linear).not.toHaveProperty('oauth'); // the IDE no longer signs in itself
    const list = await runCli(['server', 'list'], env);
    expect(list.stdout).toContain(
      'client:   pre-registered, pre-registered by your organisation (client_id acme-claude-code)',
    );
    const login = await runCli(['login', 'linear'], env);
    expect(login.stderr + login.stdout).toContain('Signed in to linear');
    const serve = await startServe([], env);
    try {
      expect(await callEcho(env, 'linear', 'claude-code', 'pre-registered')).toBe('pre-registered');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(cp.stats.registrations).toBe(0);
    expect(cp.stats.authorizeRejections).toBe(0);
  });

  it("Cursor's static client: its secret never shows; its cursor:// redirect is reported and DCR signs in", async () => {
    const secret = 'cursor-client-secret-7f3a9';
    const { cp, home, env } = await setup({});
    fs.mkdirSync(path.join(home, '.cursor'));
    const config = path.join(home, '.cursor', 'mcp.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        mcpServers: { linear: { url: cp.mcpUrl('linear'), auth: { CLIENT_ID: 'acme-cursor', CLIENT_SECRET: secret } } },
      }),
    );
    const dry = await runCli(['route', 'cursor', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout + dry.stderr).not.toContain(secret);
    expect((await runCli(['route', 'cursor'], env)).code).toBe(0);
    expect(fs.readFileSync(config, 'utf8')).not.toContain(secret);
    const login = await runCli(['login', 'linear'], env);
    expect(login.stderr + login.stdout).toContain('Signed in to linear');
    expect(login.stderr).toContain(
      'Note: signed in with dcr, not the configured client. Not using the pre-registered client acme-cursor',
    );
    const list = await runCli(['server', 'list'], env);
    expect(list.stdout).toContain('client:   dcr');
    expect(list.stdout).toContain(
      'client problem: Not using the pre-registered client acme-cursor (from cursor entry "linear") only allows the redirect URI cursor://anysphere.cursor-mcp/oauth/callback',
    );
    const everything = [
      list.stdout,
      (await runCli(['server', 'list', '--json'], env)).stdout,
      (await runCli(['doctor', '--json'], env)).stdout,
    ];
    for (const out of everything) expect(out).not.toContain(secret);
    expect(cp.stats.registrations).toBe(1);
  });
});
