// A pre-registered client may only allow the IDE's own loopback redirect URI (Claude Code's
// `http://localhost:<callbackPort>/callback`, OpenCode's `http://127.0.0.1:19876/mcp/oauth/callback`).
// For the length of one sign-in the companion listens there itself, on 127.0.0.1 only, and serves
// nothing but that path. A URI without a port means the IDE took any free port (RFC 8252 §7.3):
// the companion does the same.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompanionError } from '../core/errors.js';
import type { CallbackResult } from './callback.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for `http://127.0.0.1|localhost|[::1][:port]/path`: a URI the companion can listen on. */
export function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && !url.search && !url.hash;
  } catch {
    return false;
  }
}

export interface LoopbackCallback {
  /** The redirect URI with the port actually bound. */
  redirectUri: string;
  /** Stops listening; a response being written still completes. */
  close(): void;
}

export async function listenLoopbackCallback(
  template: string,
  handle: (params: URLSearchParams) => Promise<CallbackResult>,
): Promise<LoopbackCallback> {
  const url = new URL(template);
  const server: Server = createServer((req, res) => {
    const reqUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('Connection', 'close');
    if (req.method !== 'GET' || reqUrl.pathname !== url.pathname) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    handle(reqUrl.searchParams).then(
      (page) => res.writeHead(page.status, { 'Content-Type': 'text/html; charset=utf-8' }).end(page.html),
      () => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Sign-in failed'),
    );
  });
  const port = url.port === '' ? 0 : Number(url.port);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new CompanionError(
          'authorization_failed',
          err.code === 'EADDRINUSE'
            ? `Port ${port} is in use, but the pre-registered OAuth client only accepts sign-ins redirected to ${template}. Close the program using that port (often the IDE signing in itself) and retry.`
            : `Could not listen for the sign-in callback on ${template}: ${err.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  url.port = String((server.address() as AddressInfo).port);
  return {
    redirectUri: url.href,
    close() {
      server.close();
      server.closeIdleConnections();
    },
  };
}
