// Serves the built dashboard (dist/renderer) from a private `mcp-companion://dashboard/` origin
// instead of file://. Why: every response carries our CSP header (file:// has no headers, and a
// file:// page may read other local files), the origin is exact for the IPC sender check, and
// Vite's absolute `/assets/…` paths resolve. Nothing outside the renderer folder is reachable.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';

export const DASHBOARD_SCHEME = 'mcp-companion';
export const DASHBOARD_HOST = 'dashboard';
export const DASHBOARD_URL = `${DASHBOARD_SCHEME}://${DASHBOARD_HOST}/index.html`;

/** Strict: our own scripts and styles only; no inline script, no eval, no frames, no plugins. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** True for a URL on the dashboard origin (Node gives non-special schemes a "null" origin). */
export function isDashboardUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${DASHBOARD_SCHEME}:` && u.host === DASHBOARD_HOST;
  } catch {
    return false;
  }
}

/** The file under `root` a dashboard URL names, or undefined (other host, traversal, NUL). */
export function assetPath(root: string, url: string): string | undefined {
  if (!isDashboardUrl(url)) return undefined;
  let rel: string;
  try {
    rel = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  if (rel.includes('\0') || rel.includes('\\')) return undefined;
  // Client-side routes (no extension) get the app shell.
  if (rel === '/' || path.posix.extname(rel) === '') rel = '/index.html';
  const file = path.resolve(root, `.${rel}`);
  return file.startsWith(path.resolve(root) + path.sep) ? file : undefined;
}

/** Must run before `app` is ready: the scheme is standard and secure (modules, same-origin). */
export function registerDashboardScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: DASHBOARD_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** Installs the handler (after ready). `root` is the folder holding the built index.html. */
export function serveDashboard(root: string): void {
  protocol.handle(DASHBOARD_SCHEME, async (request) => {
    const file = assetPath(root, request.url);
    const headers = { 'content-security-policy': DASHBOARD_CSP, 'x-content-type-options': 'nosniff' };
    if (!file || request.method !== 'GET') return new Response('Not found', { status: 404, headers });
    const res = await net.fetch(pathToFileURL(file).toString());
    if (!res.ok) return new Response('Not found', { status: 404, headers });
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(res.body, { status: 200, headers: { ...headers, 'content-type': type } });
  });
}
