import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LARGE_CALL_BYTES, MemoryRelease, youngGenerationCollector } from '../../local-gateway/proxy/release-memory.js';
import { FakeTokens, rawRequest, startProxy, startUpstream, target } from '../support/proxy-fixtures.js';

// Relayed bodies are Buffers outside the JS heap, freed only when a collection finds them dead;
// after large bodies the proxy asks for a (cheap) young-generation collection, rate-limited.
describe('memory release after large bodies', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('collects once the bytes of large calls pass the threshold', () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    const release = new MemoryRelease(collect, { thresholdBytes: 1000, largeCallBytes: 100, minIntervalMs: 100 });
    for (let i = 0; i < 9; i++) release.note(100);
    vi.advanceTimersByTime(500);
    expect(collect).not.toHaveBeenCalled();
    release.note(100);
    vi.advanceTimersByTime(0);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('never collects (nor waits for quiet) for small calls, however many pass', () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    const release = new MemoryRelease(collect, { busy: () => true });
    for (let i = 0; i < 10_000; i++) release.note(LARGE_CALL_BYTES - 1);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(collect).not.toHaveBeenCalled();
    release.note(4 * LARGE_CALL_BYTES);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('collects at most once per interval however many large bodies pass', () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    const release = new MemoryRelease(collect, { thresholdBytes: 1000, largeCallBytes: 1000, minIntervalMs: 100 });
    release.note(5000);
    vi.advanceTimersByTime(0);
    expect(collect).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) release.note(5000);
    vi.advanceTimersByTime(50);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60);
    expect(collect).toHaveBeenCalledTimes(2);
    release.note(5000);
    release.close();
    vi.advanceTimersByTime(1000);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('waits for a moment with no call in flight, but not for ever', () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    let busy = true;
    const release = new MemoryRelease(collect, { thresholdBytes: 1000, largeCallBytes: 1000, busy: () => busy });
    release.note(5000);
    vi.advanceTimersByTime(200);
    expect(collect).not.toHaveBeenCalled();
    busy = false;
    vi.advanceTimersByTime(5);
    expect(collect).toHaveBeenCalledTimes(1);
    busy = true;
    release.note(5000);
    vi.advanceTimersByTime(1200);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('freed buffers stay mapped for the next large body instead of being faulted in again', () => {
    // Each child starts with a fresh malloc; it reports page faults per 2 MiB of dropped buffers.
    const child = path.join(import.meta.dirname, 'release-memory-child.ts');
    const faults = (mode: string) => Number(execFileSync(process.execPath, ['--import', 'tsx', child, mode], { encoding: 'utf8' }));
    const without = faults('none');
    expect(without).toBeGreaterThan(256); // 2 MiB is 512 pages: nearly all of them fresh each time
    expect(faults('hint')).toBeLessThan(without / 10);
    // The gateway's proxy does it when it uses V8's collector.
    expect(faults('proxy')).toBeLessThan(without / 10);
  });

  it("V8's young-generation collection can be called from this running process", () => {
    const collect = youngGenerationCollector();
    expect(collect).toBeTypeOf('function');
    expect(() => collect!()).not.toThrow();
  });

  it('is asked for after 1 MiB bodies pass through the proxy, not after small ones', async () => {
    const upstream = await startUpstream();
    const collect = vi.fn();
    const harness = await startProxy({ raw: target('raw', `${upstream.origin}/raw/echo-body`) }, new FakeTokens(), undefined, { collect });
    try {
      const url = `${harness.base}/servers/raw/mcp`;
      const headers = { authorization: 'Bearer local', 'content-type': 'application/octet-stream' };
      for (let i = 0; i < 20; i++) expect((await rawRequest(url, { method: 'POST', headers, body: 'x'.repeat(1000) })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 150));
      expect(collect).not.toHaveBeenCalled();
      const big = Buffer.alloc(1024 * 1024, 7);
      const res = await rawRequest(url, { method: 'POST', headers, body: big });
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(big.length);
      await new Promise((r) => setTimeout(r, 150));
      expect(collect).toHaveBeenCalledTimes(1);
    } finally {
      await harness.close();
      await upstream.close();
    }
  });
});
