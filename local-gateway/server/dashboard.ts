// The headless dashboard: the built renderer (dist/renderer) served at `/` behind a per-run
// token. `serve` prints (and opens) `/?token=<t>` once; that request trades the token for an
// HttpOnly, SameSite=Strict session cookie and redirects to `/`, so the token leaves the address
// bar. Every later request — pages and the admin API — needs that cookie. The Host and Origin
// guards of the gateway app already ran before any of this.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Router } from 'express';
import { sameSecret } from '../services/admin-token.js';

export const DASHBOARD_COOKIE = 'mcpc_dashboard';

/** Strict: the renderer is one bundled script and one stylesheet from our own origin. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export interface DashboardOptions {
  /** Folder with the built renderer (index.html + assets). */
  staticDir?: string;
  /** The per-run URL token; random when omitted (tests pass their own). */
  token?: string;
}

export interface Dashboard {
  /** The per-run URL token (printed once by `serve`). */
  readonly token: string;
  /** Mount at `/` after the admin API. */
  readonly router: () => Promise<Router>;
  /** The URL that starts a session: `http://127.0.0.1:<port>/?token=<t>`. */
  url(port: number): string;
  /** True when the request carries this run's session cookie. */
  hasSession(req: Pick<Request, 'headers'>): boolean;
  /** For CompanionOptions.isAdmin: the admin token (CLI) or the dashboard session (browser). */
  adminCheck(tokenCheck: (req: Request) => boolean): (req: Request) => boolean;
}

/** `dist/renderer` of this package, found from this file in both `dist/` and source layouts. */
export function defaultDashboardDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'renderer');
}

/** Reads one cookie from a Cookie header (no decoding needed: our values are base64url). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(value: string): string {
  return `${DASHBOARD_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/`;
}

export function createDashboard(opts: DashboardOptions = {}): Dashboard {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  // The cookie is a separate secret: the URL token (which sits in a terminal) is never a cookie.
  const session = randomBytes(32).toString('base64url');
  const staticDir = opts.staticDir ?? defaultDashboardDir();
  let built: Promise<Router> | undefined;
  const hasSession = (req: Pick<Request, 'headers'>): boolean => {
    const got = readCookie(req.headers.cookie, DASHBOARD_COOKIE);
    return got !== undefined && sameSecret(got, session);
  };
  return {
    token,
    // Built on first use: express is loaded only when the first page is asked for.
    router: () => (built ??= dashboardRouter(staticDir, token, session, hasSession)),
    url: (port) => `http://127.0.0.1:${port}/?token=${token}`,
    hasSession,
    adminCheck: (tokenCheck) => (req) => tokenCheck(req) || hasSession(req),
  };
}

async function dashboardRouter(staticDir: string, token: string, session: string, hasSession: (req: Request) => boolean): Promise<Router> {
  const { default: express } = await import('express');
  const r = express.Router();
  const index = path.join(staticDir, 'index.html');
  r.use((req, res, next) => {
    res.set(DASHBOARD_HEADERS);
    // Only pages live here; the gateway's own paths answer 404 from the app (JSON), not HTML.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|servers|oauth)(\/|$)/.test(req.path)) return next('router');
    const offered = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (offered !== undefined) {
      if (!sameSecret(offered, token)) return refuse(res, 'This dashboard link is not valid for the running companion (it changes every time `serve` starts).');
      res.set('set-cookie', sessionCookie(session)).set('cache-control', 'no-store').redirect(303, '/');
      return;
    }
    if (!hasSession(req)) return refuse(res, 'This dashboard needs the link that `mcp-companion serve` printed when it started.');
    res.set('cache-control', 'no-store');
    next();
  });
  r.use(express.static(staticDir, { index: 'index.html', dotfiles: 'ignore', fallthrough: true, redirect: false }));
  // Client-side views: any other page path gets the app shell.
  r.use((req, res) => {
    if (/\.[A-Za-z0-9]+$/.test(req.path)) {
      res.status(404).type('text/plain').send('Not found.');
      return;
    }
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The dashboard is not built. Run `npm run build` in the mcp-companion folder, then reload.');
      return;
    }
    res.sendFile(index);
  });
  return r;
}

function refuse(res: Response, why: string): void {
  res.status(401).set('cache-control', 'no-store').type('text/plain')
    .send(`401 Unauthorized\n\n${why}\nOpen the dashboard URL printed by \`mcp-companion serve\` in this terminal (it looks like http://127.0.0.1:<port>/?token=…).\n`);
}
