// A body over the limit gets 413, and then the rest of it is read and thrown away before the
// connection closes. Closing at once would reset the socket while the client is still writing
// (the kernel answers unread data with RST), and many clients — Node's `http` among them — then
// report EPIPE/ECONNRESET instead of the 413. The drain is bounded in bytes and time so a client
// cannot keep the connection busy forever.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RPC_INVALID_REQUEST } from './json-rpc-error.js';

/** At least this much is drained, whatever the limit (so small test limits behave like real ones). */
const DRAIN_MIN_BYTES = 4 * 1024 * 1024;
const DRAIN_MAX_MS = 5_000;

export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, max: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: null,
    error: { code: RPC_INVALID_REQUEST, message: `Request body exceeds the limit of ${max} bytes` },
  });
  res.writeHead(413, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    connection: 'close',
  });
  // The response is complete on the wire now; end() (which closes the socket) waits for the drain.
  res.write(body);
  if (req.complete) {
    res.end();
    return;
  }
  const budget = Math.max(2 * max, DRAIN_MIN_BYTES);
  let drained = 0;
  const stop = (clean: boolean): void => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onAbort);
    req.off('aborted', onAbort);
    if (clean) res.end();
    else res.destroy();
  };
  const onData = (chunk: Buffer): void => {
    drained += chunk.length;
    if (drained > budget) stop(false);
  };
  const onEnd = (): void => stop(true);
  const onAbort = (): void => stop(false);
  const timer = setTimeout(onAbort, DRAIN_MAX_MS);
  timer.unref();
  req.on('data', onData);
  req.once('end', onEnd);
  req.once('error', onAbort);
  req.once('aborted', onAbort);
  req.resume();
}
