// The headless dashboard: the built renderer (dist/renderer) served at `/`. `serve` prints (and
// opens) a sign-in link `/#code=<c>`: the code is single-use and short-lived, because a browser's
// command line is world-readable. The page trades it (POST /dashboard/session) for a session token
// that it keeps in sessionStorage (per tab and per port, unlike cookies, which every 127.0.0.1 port
// receives) and sends as the `x-mcpc-session` header. Nothing the browser sends on its own grants
// anything. The page shell itself holds no secret; the Host and Origin guards ran before this.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response, Router } from 'express';
import { loadExpress } from './load-express.js';
import { sameSecret } from '../services/admin-token.js';

export const SESSION_HEADER = 'x-mcpc-session';
/** How long a printed sign-in link works (once). */
export const LINK_TTL_MS = 60_000;

/** Strict: the renderer is one bundled script and one stylesheet from our own origin. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export interface DashboardOptions {
  /** Folder with the built renderer (index.html + assets). */
  staticDir?: string;
  /** How long a sign-in link works (default LINK_TTL_MS). */
  linkTtlMs?: number;
  now?: () => number;
}

export interface Dashboard {
  /** Mount at `/` after the admin API; `isAdmin` (the admin token) may ask for fresh links. */
  readonly router: (mount: { port: number; isAdmin: (req: Request) => boolean }) => Promise<Router>;
  /** A fresh single-use sign-in link: `http://127.0.0.1:<port>/#code=<c>`. */
  link(port: number): string;
  /** True when the request carries a session header this dashboard issued. */
  hasSession(req: Pick<Request, 'headers'>): boolean;
  /** For CompanionOptions.isAdmin: the admin token (CLI) or a dashboard session (browser). */
  adminCheck(tokenCheck: (req: Request) => boolean): (req: Request) => boolean;
}

/** `dist/renderer` of this package, found from this file in both `dist/` and source layouts. */
export function defaultDashboardDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'renderer');
}

export function createDashboard(opts: DashboardOptions = {}): Dashboard {
  const now = opts.now ?? Date.now;
  const ttl = opts.linkTtlMs ?? LINK_TTL_MS;
  const codes = new Map<string, number>(); // code -> expires at
  const sessions: string[] = [];
  const staticDir = opts.staticDir ?? defaultDashboardDir();
  const hasSession = (req: Pick<Request, 'headers'>): boolean => {
    const got = req.headers[SESSION_HEADER];
    return typeof got === 'string' && sessions.some((s) => sameSecret(got, s));
  };
  /** Single use: a code is gone once offered, right or late; expired ones are dropped on the way. */
  const redeem = (code: string): string | undefined => {
    let valid = false;
    for (const [c, expires] of codes) {
      const match = sameSecret(code, c);
      if (match && expires > now()) valid = true;
      if (match || expires <= now()) codes.delete(c);
    }
    if (!valid) return undefined;
    const session = randomBytes(32).toString('base64url');
    sessions.push(session);
    return session;
  };
  const link = (port: number): string => {
    const code = randomBytes(24).toString('base64url');
    codes.set(code, now() + ttl);
    return `http://127.0.0.1:${port}/#code=${code}`;
  };
  let built: Promise<Router> | undefined;
  return {
    // Built on first use, once.
    router: (mount) => (built ??= dashboardRouter(staticDir, redeem, () => link(mount.port), mount.isAdmin)),
    link,
    hasSession,
    adminCheck: (tokenCheck) => (req) => tokenCheck(req) || hasSession(req),
  };
}

async function dashboardRouter(
  staticDir: string,
  redeem: (code: string) => string | undefined,
  link: () => string,
  isAdmin: (req: Request) => boolean,
): Promise<Router> {
  const express = await loadExpress();
  const r = express.Router();
  const index = path.join(staticDir, 'index.html');
  // `mcp-companion dashboard`: a fresh link for the CLI, which holds the admin token.
  r.post('/dashboard/link', (req: Request, res: Response) => {
    res.set('cache-control', 'no-store');
    if (!isAdmin(req)) {
      res.status(401).json({ error: 'unauthorized', message: 'Only the admin token may ask for a dashboard link.' });
      return;
    }
    res.json({ url: link() });
  });
  r.post('/dashboard/session', express.json({ limit: '1kb' }), (req: Request, res: Response) => {
    res.set(DASHBOARD_HEADERS).set('cache-control', 'no-store');
    const code = typeof req.body?.code === 'string' ? (req.body.code as string) : '';
    const session = code ? redeem(code) : undefined;
    if (!session) {
      res.status(401).json({
        error: 'unauthorized',
        message:
          'This sign-in link was used already or has expired (links work once, for a minute). Run `mcp-companion dashboard` for a fresh one.',
      });
      return;
    }
    res.json({ session });
  });
  r.use((req, res, next) => {
    res.set(DASHBOARD_HEADERS);
    // Only pages live here; the gateway's own paths answer 404 from the app (JSON), not HTML.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|servers|oauth)(\/|$)/.test(req.path))
      return next('router');
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
      res
        .status(503)
        .type('text/plain')
        .send('The dashboard is not built. Run `npm run build` in the mcp-companion folder, then reload.');
      return;
    }
    res.sendFile(index);
  });
  return r;
}
