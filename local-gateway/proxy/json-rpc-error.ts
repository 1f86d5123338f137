import type { ServerResponse } from 'node:http';
import { isCompanionError, type ErrorCode } from '../core/errors.js';

/** JSON-RPC error codes the proxy itself produces (server-defined range). */
export const RPC_AUTH_ERROR = -32001;
export const RPC_UPSTREAM_ERROR = -32002;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_INTERNAL_ERROR = -32603;

/** Writes `{"jsonrpc":"2.0","id":null,"error":{...}}` — the shape MCP clients accept for transport errors. */
export function jsonRpcError(res: ServerResponse, status: number, code: number, message: string, data?: unknown): void {
  if (res.headersSent) {
    // Too late for a status line: the only honest signal left is dropping the connection.
    res.destroy();
    return;
  }
  const error: { code: number; message: string; data?: unknown } = { code, message };
  if (data !== undefined) error.data = data;
  const body = JSON.stringify({ jsonrpc: '2.0', id: null, error });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

const STATUS_401 = new Set<ErrorCode>([
  'login_required',
  'token_failed',
  'authorization_failed',
  'registration_failed',
  'registration_stale',
]);

/** A TokenSource failure: its message is written for the user, so it is passed on as is. */
export function credentialError(res: ServerResponse, server: string, err: unknown): void {
  if (isCompanionError(err)) {
    const status = err.code === 'login_timeout' ? 504 : STATUS_401.has(err.code) ? 401 : 502;
    jsonRpcError(res, status, RPC_AUTH_ERROR, err.message, { code: err.code, server });
    return;
  }
  jsonRpcError(res, 500, RPC_INTERNAL_ERROR, `Could not get credentials for server '${server}'`, { server });
}
