// Sockets that hold a connection without using it (silent, or headers without the declared body)
// are closed; a quiet event stream is not; and the number of connections is capped.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHarness, type Harness } from '../support/companion-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function open(port: number): Promise<net.Socket> {
  const sock = net.connect(port, '127.0.0.1');
  sock.on('error', () => undefined); // the server hanging up is the point
  return new Promise((resolve) => sock.once('connect', () => resolve(sock)));
}

/** Milliseconds until the server closes the socket, or Infinity if it is still open after `waitMs`. */
function closedWithin(sock: net.Socket, waitMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(Infinity), waitMs);
    sock.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe('idle and stalled connections', () => {
  it('closes a socket that sends nothing, and one whose declared body never comes', async () => {
    h = await startHarness({ companion: { idleTimeoutMs: 300 } });
    const silent = await open(h.companion.port);
    const stalled = await open(h.companion.port);
    stalled.write(
      `POST /servers/linear/mcp HTTP/1.1\r\nHost: 127.0.0.1:${h.companion.port}\r\nAuthorization: Bearer ${h.token()}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc"`,
    );
    const [a, b] = await Promise.all([closedWithin(silent, 3000), closedWithin(stalled, 3000)]);
    expect(a, 'silent socket').toBeLessThan(3000);
    expect(b, 'stalled body').toBeLessThan(3000);
  });

  it('does not cut an event stream that is quiet for longer than the idle timeout', async () => {
    h = await startHarness({ companion: { idleTimeoutMs: 300 } });
    const client = await h.connect('linear');
    const r = (await client.callTool({ name: 'ticks', arguments: { count: 2, delayMs: 1000 } })) as CallToolResult;
    expect((r.content[0] as { text: string }).text).toBe('done');
  });

  it('caps concurrent connections', async () => {
    h = await startHarness({ companion: { maxConnections: 3 } });
    const held = await Promise.all([0, 1, 2].map(() => open(h!.companion.port)));
    const extra = await open(h.companion.port);
    expect(await closedWithin(extra, 2000)).toBeLessThan(2000);
    for (const s of held) expect(s.destroyed, 'connections under the cap stay open').toBe(false);
    for (const s of held) s.destroy();
  });
});
