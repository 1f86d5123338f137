// The headless dashboard's door: the per-run URL token becomes an HttpOnly SameSite=Strict
// session cookie, and only that cookie (or the CLI's admin token) opens pages and the admin API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../local-gateway/companion.js';
import { createDashboard, DASHBOARD_COOKIE, readCookie, sessionCookie, type Dashboard } from '../../local-gateway/server/dashboard.js';
import { createHttpApi } from '../../renderer/src/api/http-api.js';
import { ApiError } from '../../renderer/src/api/errors.js';
import { freePort } from '../support/ports.js';

describe('dashboard cookie helpers (pure)', () => {
  it('reads exactly the named cookie', () => {
    expect(readCookie(`a=1; ${DASHBOARD_COOKIE}=xyz; b=2`, DASHBOARD_COOKIE)).toBe('xyz');
    expect(readCookie(`x${DASHBOARD_COOKIE}=nope`, DASHBOARD_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, DASHBOARD_COOKIE)).toBeUndefined();
  });
  it('sets a session cookie scripts cannot read and other sites cannot send', () => {
    expect(sessionCookie('v')).toBe(`${DASHBOARD_COOKIE}=v; HttpOnly; SameSite=Strict; Path=/`);
  });
  it('makes a fresh token per run and a URL on 127.0.0.1', () => {
    const a = createDashboard({ staticDir: '/nonexistent' });
    const b = createDashboard({ staticDir: '/nonexistent' });
    expect(a.token).not.toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(40);
    expect(a.url(4321)).toBe(`http://127.0.0.1:4321/?token=${a.token}`);
  });
});

describe('dashboard served by a companion', () => {
  let root: string;
  let companion: Companion;
  let dashboard: Dashboard;
  let base: string;
  let cookie: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-dash-'));
    const staticDir = path.join(root, 'renderer');
    fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>shell</title><div id="root"></div>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    dashboard = createDashboard({ staticDir });
    const port = await freePort();
    companion = createCompanion({
      dataDir: path.join(root, 'data'),
      port,
      env: { HOME: path.join(root, 'home') },
      openBrowser: async () => {},
      routers: async () => [{ path: '/', router: await dashboard.router() }],
      isAdmin: (check) => dashboard.adminCheck(check),
    });
    await companion.listen();
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await companion.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses pages without the token, with a plain explanation and strict headers', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).toContain('mcp-companion serve');
    expect(text).not.toContain(dashboard.token);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
  });

  it('refuses a wrong token and sets no cookie', async () => {
    const res = await fetch(`${base}/?token=${'x'.repeat(43)}`, { redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('trades the right token for a session cookie and drops the token from the URL', async () => {
    const res = await fetch(dashboard.url(companion.port), { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const set = res.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    cookie = set.split(';')[0]!;
    expect(cookie.startsWith(`${DASHBOARD_COOKIE}=`)).toBe(true);
    expect(cookie).not.toContain(dashboard.token); // the cookie is its own secret
  });

  it('serves the app, its assets and the shell for view paths with the cookie', async () => {
    const page = await fetch(`${base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${base}/assets/missing.js`, { headers: { cookie } })).status).toBe(404);
    expect(await (await fetch(`${base}/servers-view`, { headers: { cookie } })).text()).toContain('<title>shell</title>');
  });

  it('opens the admin API to the session cookie and the admin token only', async () => {
    const rpc = (headers: Record<string, string>) => fetch(`${base}/api/rpc/settings.get`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect((await rpc({ cookie })).status).toBe(200);
    expect((await rpc({ authorization: `Bearer ${companion.adminToken}` })).status).toBe(200);
    expect((await rpc({})).status).toBe(401);
    expect((await rpc({ cookie: `${DASHBOARD_COOKIE}=${dashboard.token}` })).status).toBe(401);
    expect((await rpc({ cookie: `${DASHBOARD_COOKIE}=` })).status).toBe(401);
    // Another run's session is worthless here.
    const other = createDashboard({ staticDir: '/nonexistent' });
    expect(other.hasSession({ headers: { cookie } })).toBe(false);
    expect(dashboard.hasSession({ headers: { cookie } })).toBe(true);
  });

  it('still refuses a foreign Origin or Host even with the cookie', async () => {
    const http = await import('node:http');
    const get = (headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
      http.get(`${base}/`, { headers: { cookie, ...headers } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
    });
    expect(await get({ origin: 'http://evil.test' })).toBe(403);
    expect(await get({ origin: 'null' })).toBe(403);
    expect(await get({ host: `attacker.test:${companion.port}` })).toBe(403);
    expect(await get({})).toBe(200);
  });

  it('the renderer HTTP CompanionApi works over the session and maps errors to plain words', async () => {
    const api = createHttpApi((input, init) => fetch(`${base}${String(input)}`, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }));
    expect((await api['settings.get']({})).port).toBe(companion.port);
    const err = await api['servers.login']({ name: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('not_found');
    expect((err as ApiError).message).toContain('No upstream server named "nope"');
    const anonymous = createHttpApi((input, init) => fetch(`${base}${String(input)}`, init));
    expect(await anonymous['settings.get']({}).catch((e: ApiError) => e.code)).toBe('unauthorized');
  });

  it('explains a missing build instead of a blank page', async () => {
    const d = createDashboard({ staticDir: path.join(root, 'not-built') });
    const express = (await import('express')).default;
    const app = express().use('/', await d.router());
    const srv = app.listen(0, '127.0.0.1');
    await new Promise((r) => srv.once('listening', r));
    try {
      const port = (srv.address() as { port: number }).port;
      const login = await fetch(`http://127.0.0.1:${port}/?token=${d.token}`, { redirect: 'manual' });
      const c = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie: c } });
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      srv.close();
    }
  });
});
