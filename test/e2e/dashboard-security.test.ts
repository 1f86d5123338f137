// The dashboard refuses, in a real browser: a visit without a sign-in link, a link used twice, a
// page of another origin using the user's live session (127.0.0.1 on another port is the *same
// site*), a program on another loopback port replaying what the browser sent it (cookies ignore
// ports: there must be none), and a DNS-rebinding name that resolves to 127.0.0.1.
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
  /** Every request header set the program on the other port received from the browser. */
  const received: http.IncomingHttpHeaders[] = [];
  const credFile = () => path.join(serve.home.home, '.claude/.credentials.json');

  beforeAll(async () => {
    // rebind.test resolves to 127.0.0.1, like an attacker's DNS-rebinding name would.
    browser = await launchChromium(['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
    serve = await startDashboardServe('linux');
    context = await browser.newContext();
    attacker = http.createServer((req, res) => {
      received.push(req.headers);
      // A hostile page that tries to reset the user's Claude Code credentials through the dashboard API.
      const target = `http://127.0.0.1:${serve.port}/api/rpc/clients.reset`;
      res.writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><title>evil</title><pre id="out">pending</pre><script>
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

  it('without a valid sign-in link the page has no session and says how to get one; a link works once', async () => {
    const page = await context.newPage();
    const bare = await page.goto(`http://127.0.0.1:${serve.port}/`);
    expect(bare?.status()).toBe(200); // the shell: no data, no secret
    await page.getByText('mcp-companion dashboard').first().waitFor();
    const api = await page.request.post(`http://127.0.0.1:${serve.port}/api/rpc/clients.list`, { data: {} });
    expect(api.status()).toBe(401);
    // A link works once: a second tab opening the same link gets no session.
    const link = await serve.freshLink();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Clients', level: 2 }).waitFor();
    const second = await context.newPage();
    await second.goto(link);
    await second.getByText('mcp-companion dashboard').first().waitFor();
    expect(await second.evaluate("sessionStorage.getItem('mcpc_session')")).toBeNull();
    expect(await context.cookies()).toEqual([]);
    await second.close();
    await page.close();
  });

  it('gives a program on another 127.0.0.1 port nothing to replay', async () => {
    const page = await context.newPage();
    await page.goto(await serve.freshLink());
    await page.getByRole('heading', { name: 'Clients', level: 2 }).waitFor();
    received.length = 0;
    const other = await context.newPage();
    await other.goto(`${attackerOrigin}/`);
    await other.close();
    expect(received.length).toBeGreaterThan(0);
    // Whatever the browser sent along, replayed without an Origin (as a local program would):
    for (const headers of received) {
      expect(headers.cookie).toBeUndefined();
      const replay = await fetch(`http://127.0.0.1:${serve.port}/api/rpc/clients.list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(headers.cookie ? { cookie: headers.cookie } : {}) },
        body: '{}',
      });
      expect(replay.status).toBe(401);
    }
    await page.close();
  });

  it('refuses another origin that rides on a live session, and nothing on disk changes', async () => {
    const page = await context.newPage();
    await page.goto(await serve.freshLink()); // the user has the dashboard open: a live session exists
    await page.getByRole('heading', { name: 'Clients', level: 2 }).waitFor();
    const session = (await page.evaluate("sessionStorage.getItem('mcpc_session')")) as string;
    const before = fs.readFileSync(credFile(), 'utf8');

    const refused: number[] = [];
    const evil = await context.newPage();
    evil.on('response', (r) => {
      if (r.url().includes('/api/rpc/')) refused.push(r.status());
    });
    await evil.goto(`${attackerOrigin}/`);
    await evil.waitForFunction("document.getElementById('out').textContent !== 'pending'");
    expect(await evil.textContent('#out')).toBe('["blocked",0]'); // CORS-blocked; the no-cors one is opaque
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((s) => s === 403)).toBe(true);
    expect(fs.readFileSync(credFile(), 'utf8')).toBe(before);

    // Even the session itself, with an explicit foreign or `null` Origin, is refused.
    for (const origin of [attackerOrigin, 'null']) {
      const res = await page.request.post(`http://127.0.0.1:${serve.port}/api/rpc/clients.reset`, {
        data: { client: 'claude-code' },
        headers: { origin, 'x-mcpc-session': session },
      });
      expect(res.status(), origin).toBe(403);
    }
    expect(fs.readFileSync(credFile(), 'utf8')).toBe(before);
    // ...while the dashboard's own origin, with the session, is let in.
    const own = await page.request.post(`http://127.0.0.1:${serve.port}/api/rpc/clients.list`, {
      data: {},
      headers: { origin: `http://127.0.0.1:${serve.port}`, 'x-mcpc-session': session },
    });
    expect(own.status()).toBe(200);
    await evil.close();
    await page.close();
  });

  it('refuses a foreign Host (DNS rebinding), even carrying the right token', async () => {
    const fresh = await browser.newContext();
    const page = await fresh.newPage();
    const res = await page.goto((await serve.freshLink()).replace('127.0.0.1', 'rebind.test'));
    expect(res?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('unexpected Host header');
    expect(await fresh.cookies()).toEqual([]);
    await fresh.close();
  });
});
