import http from 'node:http';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeaderFlusher } from '../../local-gateway/proxy/header-flush.js';
import { FakeTokens, startProxy, startUpstream, target } from '../support/proxy-fixtures.js';

/** Just what the flusher touches on a response. */
function fakeResponse(): ServerResponse & { flushed: number } {
  const res = { writableEnded: false, destroyed: false, flushed: 0, flushHeaders() { res.flushed++; } };
  return res as unknown as ServerResponse & { flushed: number };
}

describe('event-stream headers: sent with the first event, alone only if it is slow', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('sends the headers of a response whose first event is late, after the delay and not before', () => {
    vi.useFakeTimers();
    const flusher = new HeaderFlusher(20);
    const res = fakeResponse();
    flusher.watch(res);
    vi.advanceTimersByTime(19);
    expect(res.flushed).toBe(0);
    vi.advanceTimersByTime(1);
    expect(res.flushed).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves alone the responses already complete, destroyed or forgotten (closed exchanges)', () => {
    vi.useFakeTimers();
    const flusher = new HeaderFlusher(20);
    const ended = fakeResponse(), destroyed = fakeResponse(), forgotten = fakeResponse();
    const waits = [ended, destroyed, forgotten].map((r) => flusher.watch(r));
    (ended as { writableEnded: boolean }).writableEnded = true;
    (destroyed as { destroyed: boolean }).destroyed = true;
    flusher.forget(waits[2]!);
    vi.advanceTimersByTime(100);
    expect([ended.flushed, destroyed.flushed, forgotten.flushed]).toEqual([0, 0, 0]);
  });

  it('one timer serves many responses, each flushed when its own delay is up', () => {
    vi.useFakeTimers();
    const flusher = new HeaderFlusher(20);
    const responses = Array.from({ length: 10 }, fakeResponse);
    for (const r of responses) {
      flusher.watch(r);
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(3);
    }
    // 30 ms in: those watched at 0, 3, 6 and 9 ms are due; the rest (12 … 27 ms) are not yet.
    expect(responses.map((r) => r.flushed)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(20);
    expect(responses.every((r) => r.flushed === 1)).toBe(true);
    // Nothing waits any more: an idle gateway has no timer left to wake it.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a forgotten response first in line does not hold up the sweep', () => {
    vi.useFakeTimers();
    const flusher = new HeaderFlusher(20);
    const first = fakeResponse();
    const wait = flusher.watch(first);
    vi.advanceTimersByTime(10);
    const second = fakeResponse();
    flusher.watch(second);
    flusher.forget(wait);
    vi.advanceTimersByTime(10);
    expect(first.flushed).toBe(0);
    expect(second.flushed).toBe(0);
    vi.advanceTimersByTime(10);
    expect(second.flushed).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('through the proxy, a slow SSE answer shows its headers long before its first event', async () => {
    const upstream = await startUpstream();
    const harness = await startProxy({ quiet: target('quiet', `${upstream.origin}/raw/quiet-stream`) }, new FakeTokens());
    try {
      const t0 = performance.now();
      const { headersAt, bodyAt, body } = await new Promise<{ headersAt: number; bodyAt: number; body: string }>((resolve, reject) => {
        const req = http.request(`${harness.base}/servers/quiet/mcp`, { method: 'POST', headers: { authorization: 'Bearer local', 'content-type': 'application/json' }, agent: false }, (res) => {
          const headersAt = performance.now() - t0;
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => { body += c; });
          res.on('end', () => resolve({ headersAt, bodyAt: performance.now() - t0, body }));
        });
        req.on('error', reject);
        req.end('{"jsonrpc":"2.0","id":1,"method":"tools/call"}');
      });
      expect(body).toContain('data: done');
      expect(bodyAt).toBeGreaterThanOrEqual(290);
      // Held at most about the flush delay (20 ms), never until the event comes 300 ms later.
      expect(headersAt).toBeLessThan(200);
    } finally {
      await harness.close();
      await upstream.close();
    }
  });
});
