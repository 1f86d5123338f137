// A full scenario with real token values, then a search for every one of them in everything a
// user or another program could see: logs, CLI output, event rows, diagnostics, error messages.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSecretBox, openStore } from '../../local-gateway/store/index.js';
import { makeHome, type TempHome } from '../support/client-homes.js';
import { AUTO_BROWSER, runCli, startServe } from '../support/cli.js';
import { startControlPlane, type ControlPlane } from '../support/control-plane/index.js';
import { freePort } from '../support/ports.js';

let t: TempHome;
let cp: ControlPlane;
beforeEach(async () => {
  t = makeHome('linux');
  cp = await startControlPlane({ mode: 'lenient' });
});
afterEach(async () => {
  await cp.close();
  t.cleanup();
});

function secretsIn(dataDir: string): string[] {
  const store = openStore({ dataDir, secretBox: createFileSecretBox(dataDir) });
  try {
    const values: string[] = [fs.readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim()];
    for (const s of store.listServers()) {
      const tok = store.getTokens(s.name);
      if (tok) values.push(tok.accessToken, ...(tok.refreshToken ? [tok.refreshToken] : []));
      values.push(...Object.values(s.headers));
    }
    for (const r of store.listRegistrations()) if (r.registrationAccessToken) values.push(r.registrationAccessToken);
    for (const l of store.listLocalTokens()) values.push(store.ensureLocalToken(l.label));
    return values.filter((v) => v.length >= 8);
  } finally {
    store.close();
  }
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? [path.join(dir, e.name), ...walk(path.join(dir, e.name))] : [path.join(dir, e.name)],
    );
}

describe('secrets never leak', () => {
  it('no token, key or header value appears in logs, CLI output, events, diagnostics or errors; files are private', async () => {
    const port = await freePort();
    fs.rmdirSync(t.dataDir); // the companion creates its own data dir (0700); an existing one keeps its mode
    const env = {
      ...t.env,
      PATH: process.env.PATH,
      MCP_COMPANION_HOME: t.dataDir,
      XDG_CONFIG_HOME: path.join(t.home, '.config'),
      BROWSER: AUTO_BROWSER,
      MCP_COMPANION_LOG_LEVEL: 'debug',
    };
    const outputs: string[] = [];
    const cli = async (...args: string[]) => {
      const r = await runCli(args, env);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    await cli('server', 'add', 'linear', cp.mcpUrl('linear'), '--header', 'X-Api-Key: apikey-VERY-SECRET-42');
    const serve = await startServe(['--port', String(port)], env);
    try {
      await cli('login', 'linear');
      const info = JSON.parse((await runCli(['connect', 'linear', '--as', 'cursor', '--json'], env)).stdout) as {
        url: string;
        headers: Record<string, string>;
      };
      // Traffic, a refresh, a re-registration after the upgrade, and a request with a bad token.
      const call = (auth: string) =>
        fetch(info.url, {
          method: 'POST',
          headers: {
            authorization: auth,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'initialize',
            params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
          }),
        }).then(async (r) => {
          outputs.push(await r.text());
          return r.status;
        });
      expect(await call(info.headers.Authorization!)).toBe(200);
      cp.expireAccessTokens();
      expect(await call(info.headers.Authorization!)).toBe(200);
      cp.upgrade();
      cp.expireAccessTokens();
      expect(await call(info.headers.Authorization!)).toBe(200);
      expect(await call('Bearer mcpc_wrong-token-value')).toBe(401);
      await cli('server', 'list', '--json');
      await cli('clients', '--json');
      await cli('route', 'cursor');
      await cli('doctor');
      const admin = fs.readFileSync(path.join(t.dataDir, 'admin.token'), 'utf8').trim();
      const diag = await fetch(`http://127.0.0.1:${port}/api/rpc/diagnostics.get`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: '{}',
      });
      outputs.push(await diag.text());
    } finally {
      await serve.stop();
      outputs.push(serve.output());
    }
    const secrets = secretsIn(t.dataDir);
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expect(secrets).toContain('apikey-VERY-SECRET-42');
    const store = openStore({ dataDir: t.dataDir, secretBox: createFileSecretBox(t.dataDir) });
    const events = JSON.stringify(store.db.prepare('SELECT * FROM events').all());
    store.close();
    expect(events).toContain('proxy.request');
    const haystack = [...outputs, events].join('\n');
    expect(serve.output()).toContain('login.completed');
    for (const s of secrets) expect(haystack.includes(s), `a secret of length ${s.length} leaked`).toBe(false);
    // Files: the data dir is 0700 and every file in it 0600.
    if (process.platform !== 'win32') {
      expect(fs.statSync(t.dataDir).mode & 0o777).toBe(0o700);
      for (const f of walk(t.dataDir)) {
        const st = fs.statSync(f);
        expect(st.mode & 0o077, `${path.relative(t.dataDir, f)} is readable by others`).toBe(0);
      }
    }
  });
});
