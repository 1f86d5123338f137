// The gateway's HTTP server and the limits that keep a local program from holding it: request
// headers must arrive promptly (slowloris), a connection that carries no bytes for a while is
// closed unless a response is on its way (a quiet SSE stream is not idle, it is waiting), and
// the number of open connections is capped.
import http from 'node:http';
import type { IncomingMessage, RequestListener } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** How long a client may take to send its request headers. */
  headersTimeoutMs: number;
  /** A socket with no bytes either way for this long is closed, unless its request was read in full. */
  idleTimeoutMs: number;
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 15_000,
  idleTimeoutMs: 30_000,
  maxConnections: 512,
};

export function createGatewayServer(handler: RequestListener, limits: ConnectionLimits): http.Server {
  // The request each socket is serving; gone once its response closes.
  const serving = new WeakMap<Socket, IncomingMessage>();
  const server = http.createServer(
    {
      keepAliveTimeout: 65_000,
      connectionsCheckingInterval: 1000,
      headersTimeout: limits.headersTimeoutMs,
      noDelay: true,
    },
    (req, res) => {
      const socket = req.socket;
      serving.set(socket, req);
      res.once('close', () => {
        if (serving.get(socket) === req) serving.delete(socket);
      });
      handler(req, res);
    },
  );
  server.requestTimeout = 0; // SSE streams are long-lived; idle and stalled sockets are handled below
  server.maxConnections = limits.maxConnections;
  // With a listener, Node leaves the decision to us (and re-arms the timer on the next byte).
  server.setTimeout(limits.idleTimeoutMs, (socket: Socket) => {
    const req = serving.get(socket);
    // Read in full: the response is pending or streaming (an upstream or a login may take long).
    if (req?.complete) return;
    // No request yet, between requests, or a body that stopped arriving.
    socket.destroy();
  });
  return server;
}
