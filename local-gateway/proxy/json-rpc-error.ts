import type { ServerResponse } from 'node:http';

/** JSON-RPC error codes the proxy itself produces (server-defined range). */
export const RPC_AUTH_ERROR = -32001;
export const RPC_UPSTREAM_ERROR = -32002;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_INTERNAL_ERROR = -32603;

/** Writes `{"jsonrpc":"2.0","id":null,"error":{...}}` — the shape MCP clients accept for transport errors. */
export function jsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  data?: unknown,
): void {
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
