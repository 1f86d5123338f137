// The dashboard refuses, in a real browser: a visit without the printed token, a page of another
// origin using the user's live session (127.0.0.1 on another port is the *same site*, so the
// SameSite cookie alone would not stop it), and a DNS-rebinding name that resolves to 127.0.0.1.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, startDashboardServe, type ServeEnv } from './support.js';

describe('dashboard refuses what it must (Chromium against `serve`)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let serve: ServeEnv;
  let attacker: http.Server;
  let attackerOrigin: string;
  const credFile = () => path.join(serve.home.home, '.claude/.credentials.json');

  beforeAll(async () => {
    // rebind.test resolves to 127.0.0.1, like an attacker's DNS-rebinding name would.
    browser = await launchChromium(['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
    serve = await startDashboardServe('linux');
    context = await browser.newContext();
    attacker = http.createServer((req, res) => {
      // A hostile page that tries to reset the user's Claude Code credentials through the dashboard API.
      const target = `http://127.0.0.1:${serve.port}/api/rpc/clients.reset`;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>evil</title><pre id="out">pending</pre><script>
        const out = document.getElementById('out');
        const tries = [
          fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{"client":"claude-code"}' }),
          fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"client":"claude-code"}' }),
        ];
        Promise.allSettled(tries).then((r) => { out.textContent = JSON.stringify(r.map((x) => x.status === 'fulfilled' ? x.value.status : 'blocked')); });
      </script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    await new Promise((r) => attacker?.close(r));
  });

  it('refuses a visit without the token, or with a wrong one, and says which URL to open', async () => {
    const page = await context.newPage();
    const bare = await page.goto(`http://127.0.0.1:${serve.port}/`);
    expect(bare?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('Open the dashboard URL printed by `mcp-companion serve`');
    const wrong = await page.goto(`http://127.0.0.1:${serve.port}/?token=not-the-token`);
    expect(wrong?.status()).toBe(401);
    expect(await context.cookies()).toEqual([]);
    const api = await page.request.post(`http://127.0.0.1:${serve.port}/api/rpc/clients.list`, { data: {} });
    expect(api.status()).toBe(401);
    await page.close();
  });

  it('refuses another origin that rides on a live session, and nothing on disk changes', async () => {
    const page = await context.newPage();
    await page.goto(serve.dashboardUrl); // the user has the dashboard open: a valid session cookie exists
    expect(await context.cookies(`http://127.0.0.1:${serve.port}`)).toHaveLength(1);
    const before = fs.readFileSync(credFile(), 'utf8');

    const refused: number[] = [];
    const evil = await context.newPage();
    evil.on('response', (r) => { if (r.url().includes('/api/rpc/')) refused.push(r.status()); });
    await evil.goto(`${attackerOrigin}/`);
    await evil.waitForFunction("document.getElementById('out').textContent !== 'pending'");
    expect(await evil.textContent('#out')).toBe('["blocked",0]'); // CORS-blocked; the no-cors one is opaque
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((s) => s === 403)).toBe(true);
    expect(fs.readFileSync(credFile(), 'utf8')).toBe(before);

    // The same cookie with an explicit foreign or `null` Origin is refused too.
    for (const origin of [attackerOrigin, 'null']) {
      const res = await page.request.post(`http://127.0.0.1:${serve.port}/api/rpc/clients.reset`, { data: { client: 'claude-code' }, headers: { origin } });
      expect(res.status(), origin).toBe(403);
    }
    expect(fs.readFileSync(credFile(), 'utf8')).toBe(before);
    // ...while the dashboard's own origin, with the same cookie, is let in.
    const own = await page.request.post(`http://127.0.0.1:${serve.port}/api/rpc/clients.list`, { data: {}, headers: { origin: `http://127.0.0.1:${serve.port}` } });
    expect(own.status()).toBe(200);
    await evil.close();
    await page.close();
  });

  it('refuses a foreign Host (DNS rebinding), even carrying the right token', async () => {
    const fresh = await browser.newContext();
    const page = await fresh.newPage();
    const res = await page.goto(serve.dashboardUrl.replace('127.0.0.1', 'rebind.test'));
    expect(res?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('unexpected Host header');
    expect(await fresh.cookies()).toEqual([]);
    await fresh.close();
  });
});
