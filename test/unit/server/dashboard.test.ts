// The headless dashboard's door: a single-use, short-lived sign-in code (the link `serve` prints)
// becomes a session token the page sends as a header. No cookie: a cookie reaches every port of
// 127.0.0.1. Only that header (or the CLI's admin token) opens the admin API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../local-gateway/companion.js';
import { createDashboard, SESSION_HEADER, type Dashboard } from '../../../local-gateway/server/dashboard.js';
import { adminTokenCheck } from '../../../local-gateway/server/admin-api.js';
import { createHttpApi } from '../../../renderer/src/api/http-api.js';
import { ApiError } from '../../../renderer/src/api/errors.js';
import { freePort } from '../../support/ports.js';

const codeOf = (link: string) => new URL(link).hash.replace('#code=', '');

describe('dashboard links (pure)', () => {
  it('makes a fresh code per link, on 127.0.0.1, in the fragment (never sent in a request line)', () => {
    const d = createDashboard({ staticDir: '/nonexistent' });
    const a = d.link(4321);
    const b = d.link(4321);
    expect(a).toMatch(/^http:\/\/127\.0\.0\.1:4321\/#code=[A-Za-z0-9_-]{32}$/);
    expect(codeOf(a)).not.toBe(codeOf(b));
  });
});

describe('dashboard served by a companion', () => {
  let root: string;
  let companion: Companion;
  let dashboard: Dashboard;
  let base: string;
  let session: string;
  let clock = Date.now();

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-dash-'));
    const staticDir = path.join(root, 'renderer');
    fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>shell</title><div id="root"></div>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    dashboard = createDashboard({ staticDir, now: () => clock });
    const port = await freePort();
    companion = createCompanion({
      dataDir: path.join(root, 'data'),
      port,
      env: { HOME: path.join(root, 'home') },
      openBrowser: async () => {},
      routers: async (c) => [
        { path: '/', router: await dashboard.router({ port: c.port, isAdmin: adminTokenCheck(c.adminToken) }) },
      ],
      isAdmin: (check) => dashboard.adminCheck(check),
    });
    await companion.listen();
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await companion.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const redeem = (code: string) =>
    fetch(`${base}/dashboard/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
  const rpc = (headers: Record<string, string>) =>
    fetch(`${base}/api/rpc/settings.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{}',
    });

  it('serves the page shell (no secret in it) with strict headers, and sets no cookie', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const asset = await fetch(`${base}/assets/app.js`);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect(await (await fetch(`${base}/servers-view`)).text()).toContain('<title>shell</title>');
  });

  it('trades a link code for a session once; a second use, a wrong or an expired code get 401', async () => {
    const code = codeOf(dashboard.link(companion.port));
    const first = await redeem(code);
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toBeNull();
    session = ((await first.json()) as { session: string }).session;
    expect(session).not.toContain(code);
    const again = await redeem(code);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { message: string }).message).toContain('mcp-companion dashboard');
    expect((await redeem('x'.repeat(32))).status).toBe(401);
    const late = codeOf(dashboard.link(companion.port));
    clock += 61_000; // what sat on a browser's command line is worthless a minute later
    expect((await redeem(late)).status).toBe(401);
  });

  it('opens the admin API to the session header and the admin token only', async () => {
    expect((await rpc({ [SESSION_HEADER]: session })).status).toBe(200);
    expect((await rpc({ authorization: `Bearer ${companion.adminToken}` })).status).toBe(200);
    expect((await rpc({})).status).toBe(401);
    expect((await rpc({ [SESSION_HEADER]: 'x'.repeat(43) })).status).toBe(401);
    expect((await rpc({ cookie: `mcpc_dashboard=${session}` })).status).toBe(401);
    // Another run's session is worthless here.
    const other = createDashboard({ staticDir: '/nonexistent' });
    expect(other.hasSession({ headers: { [SESSION_HEADER]: session } })).toBe(false);
  });

  it('hands the CLI (admin token) a fresh link, and nobody else', async () => {
    const ask = (headers: Record<string, string>) => fetch(`${base}/dashboard/link`, { method: 'POST', headers });
    expect((await ask({ [SESSION_HEADER]: session })).status).toBe(401);
    const res = await ask({ authorization: `Bearer ${companion.adminToken}` });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    expect((await redeem(codeOf(url))).status).toBe(200);
  });

  it('still refuses a foreign Origin or Host even with the session', async () => {
    const http = await import('node:http');
    const post = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          `${base}/api/rpc/settings.get`,
          { method: 'POST', headers: { 'content-type': 'application/json', [SESSION_HEADER]: session, ...headers } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    expect(await post({ origin: 'http://evil.test' })).toBe(403);
    expect(await post({ origin: 'null' })).toBe(403);
    expect(await post({ host: `attacker.test:${companion.port}` })).toBe(403);
    expect(await post({})).toBe(200);
  });

  it('the renderer HTTP CompanionApi works over the session and maps errors to plain words', async () => {
    const api = createHttpApi(
      (input, init) => fetch(`${base}${String(input)}`, init),
      () => session,
    );
    expect((await api['settings.get']({})).port).toBe(companion.port);
    const err = await api['servers.login']({ name: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('not_found');
    expect((err as ApiError).message).toContain('No upstream server named "nope"');
    const anonymous = createHttpApi(
      (input, init) => fetch(`${base}${String(input)}`, init),
      () => undefined,
    );
    expect(await anonymous['settings.get']({}).catch((e: ApiError) => e.code)).toBe('unauthorized');
  });

  it('explains a missing build instead of a blank page', async () => {
    const d = createDashboard({ staticDir: path.join(root, 'not-built') });
    const express = (await import('express')).default;
    const app = express().use('/', await d.router({ port: 1, isAdmin: () => false }));
    const srv = app.listen(0, '127.0.0.1');
    await new Promise((r) => srv.once('listening', r));
    try {
      const port = (srv.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      srv.close();
    }
  });
});
