// Child process: the reference control plane (auth + MCP SDK servers) on 127.0.0.1, kept out of
// the driver's event loop. It notes the monotonic time at which each `ticks` event is written to
// the socket, so the driver can tell how long every hop held it.
import http from 'node:http';
import { startControlPlane } from '../support/control-plane/index.js';
import { collectFull, collectYoung } from './collect.js';
import { monoMs } from './stats.js';

export type UpstreamRequest =
  { type: 'ticks-start' } | { type: 'ticks-stop' } | { type: 'collect'; full: boolean } | { type: 'exit' };
export type UpstreamMessage =
  | { type: 'ready'; baseUrl: string; mcpUrl: string; token: string; servers: string[] }
  | { type: 'ticks'; writes: Array<[number, number]> }
  | { type: 'done' };

const TICK = /tick (\d+)\//;
let recording: Array<[number, number]> | undefined;

// Patched before any server exists; a no-op branch unless a stream is being recorded.
const proto = http.ServerResponse.prototype as unknown as { write: (chunk: unknown, ...rest: unknown[]) => boolean };
const write = proto.write;
proto.write = function patchedWrite(this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
  const ok = write.call(this, chunk, ...rest);
  if (recording) {
    // The SDK's transport (via @hono/node-server) writes Uint8Array chunks; others write strings.
    const text =
      typeof chunk === 'string'
        ? chunk
        : chunk instanceof Uint8Array && chunk.byteLength < 4096
          ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1')
          : '';
    const m = text.length < 4096 ? TICK.exec(text) : null;
    if (m) recording.push([Number(m[1]), monoMs()]);
  }
  return ok;
};

const count = Number(process.argv[2] ?? '1');
const servers = [
  'bench',
  ...Array.from({ length: Math.max(0, count - 1) }, (_, i) => `up${String(i + 2).padStart(2, '0')}`),
];
const cp = await startControlPlane({ servers, accessTokenTtlSec: 24 * 3600 });
const send = (m: UpstreamMessage) => process.send!(m);

process.on('message', (m: UpstreamRequest) => {
  if (m.type === 'ticks-start') recording = [];
  else if (m.type === 'ticks-stop') {
    send({ type: 'ticks', writes: recording ?? [] });
    recording = undefined;
  } else if (m.type === 'collect') {
    if (m.full) collectFull();
    else collectYoung();
    send({ type: 'done' });
  } else if (m.type === 'exit') void cp.close().finally(() => process.exit(0));
});
process.on('disconnect', () => void cp.close().finally(() => process.exit(0)));

send({
  type: 'ready',
  baseUrl: cp.baseUrl,
  mcpUrl: cp.mcpUrl('bench'),
  token: await cp.issueTokenForTest('bench'),
  servers,
});
