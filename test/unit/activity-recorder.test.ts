import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProxyEvent } from '../../local-gateway/proxy/index.js';
import { ActivityRecorder } from '../../local-gateway/services/activity.js';
import { openTestStore } from './store-fixture.js';

// The activity log is written in batches, and the synchronous write waits for a moment when no
// call is in flight, so it never holds up a response; under unbroken load it still lands.
const event = (i: number): ProxyEvent => ({ server: 'acme', method: 'POST', kind: 'mcp', status: 200, ms: i, rpcMethod: 'tools/call' });
const logged = (store: ReturnType<typeof openTestStore>) => store.listEvents({ limit: 5000 }).filter((e) => e.type === 'proxy.request').length;

describe('activity recorder', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('writes a batch about a second after the first event when the proxy is idle', () => {
    const store = openTestStore();
    const rec = new ActivityRecorder(store, () => false);
    for (let i = 0; i < 3; i++) rec.record(event(i));
    expect(logged(store)).toBe(0);
    vi.advanceTimersByTime(999);
    expect(logged(store)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(logged(store)).toBe(3);
  });

  it('waits while a call is in flight and writes as soon as the proxy is quiet', () => {
    const store = openTestStore();
    let busy = true;
    const rec = new ActivityRecorder(store, () => busy);
    rec.record(event(1));
    vi.advanceTimersByTime(2500);
    expect(logged(store)).toBe(0);
    busy = false;
    vi.advanceTimersByTime(10);
    expect(logged(store)).toBe(1);
  });

  it('writes anyway after five seconds of unbroken load, and starts a fresh wait afterwards', () => {
    const store = openTestStore();
    const rec = new ActivityRecorder(store, () => true);
    rec.record(event(1));
    vi.advanceTimersByTime(5900);
    expect(logged(store)).toBe(0);
    vi.advanceTimersByTime(200);
    expect(logged(store)).toBe(1);
    rec.record(event(2));
    vi.advanceTimersByTime(1500);
    expect(logged(store)).toBe(1);
    vi.advanceTimersByTime(5000);
    expect(logged(store)).toBe(2);
  });

  it('writes a large backlog in small chunks, one per turn of the event loop', () => {
    const store = openTestStore();
    const sizes: number[] = [];
    const addEvents = store.addEvents.bind(store);
    store.addEvents = ((batch, trusted) => { sizes.push(batch.length); return addEvents(batch, trusted); }) as typeof store.addEvents;
    const rec = new ActivityRecorder(store, () => false);
    for (let i = 0; i < 120; i++) rec.record(event(i));
    vi.advanceTimersByTime(1000);
    expect(sizes).toEqual([50]);
    vi.advanceTimersByTime(1);
    expect(sizes).toEqual([50, 50]);
    vi.advanceTimersByTime(1);
    expect(sizes).toEqual([50, 50, 20]);
    expect(logged(store)).toBe(120);
  });

  it('flush() on shutdown writes what is pending at once, busy or not', () => {
    const store = openTestStore();
    const rec = new ActivityRecorder(store, () => true);
    rec.record(event(1));
    rec.record(event(2));
    rec.flush();
    expect(logged(store)).toBe(2);
  });
});
