// Request body buffering: needed so a POST can be replayed once after an upstream 401.
import type { IncomingMessage } from 'node:http';

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export type BodyResult = { ok: true; body: Buffer | undefined } | { ok: false; reason: 'too_large' | 'aborted' };

/** True when the request announces a body (Content-Length > 0 or a Transfer-Encoding). */
export function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  if (len !== undefined) return len !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * Reads the whole body, refusing early (from Content-Length) or while counting (chunked) once it
 * exceeds `max`. The callback runs exactly once; no promise so the hot path stays allocation-light.
 */
export function readBody(req: IncomingMessage, max: number, done: (r: BodyResult) => void): void {
  if (!hasBody(req)) {
    done({ ok: true, body: undefined });
    return;
  }
  const declared = Number(req.headers['content-length']);
  if (declared > max) {
    done({ ok: false, reason: 'too_large' });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (r: BodyResult): void => {
    if (finished) return;
    finished = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('aborted', onError);
    done(r);
  };
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > max) {
      chunks.length = 0;
      req.pause();
      finish({ ok: false, reason: 'too_large' });
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = (): void => {
    finish({ ok: true, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) });
  };
  const onError = (): void => finish({ ok: false, reason: 'aborted' });
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('aborted', onError);
}

const METHOD_RE = /^"method"\s*:\s*"([^"\\]{1,128})"/;
const METHOD_KEY = Buffer.from('"method"', 'latin1');
const SNIFF_BYTES = 512;

/** JSON-RPC method for the activity log, from the first bytes only — never a full JSON.parse. */
export function sniffRpcMethod(body: Buffer | undefined): string | undefined {
  if (!body) return undefined;
  // Native search first, so only the few bytes after the key are decoded (it runs on every call).
  const at = body.subarray(0, SNIFF_BYTES).indexOf(METHOD_KEY);
  if (at < 0) return undefined;
  return METHOD_RE.exec(body.toString('latin1', at, Math.min(body.length, at + 150)))?.[1];
}
