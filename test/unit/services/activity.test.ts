import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProxyEvent } from '../../../local-gateway/proxy/index.js';
import { ActivityRecorder } from '../../../local-gateway/services/activity.js';
import { openTestStore } from '../../support/store-fixture.js';

// The activity log is written in periodic batches, one transaction each, and at shutdown.
const event = (i: number): ProxyEvent => ({
  server: 'acme',
  method: 'POST',
  kind: 'mcp',
  status: 200,
  ms: i,
  rpcMethod: 'tools/call',
});
const logged = (store: ReturnType<typeof openTestStore>) =>
  store.listEvents({ limit: 5000 }).filter((e) => e.type === 'proxy.request').length;

function countBatches(store: ReturnType<typeof openTestStore>): number[] {
  const sizes: number[] = [];
  const addEvents = store.addEvents.bind(store);
  store.addEvents = ((batch, trusted) => {
    sizes.push(batch.length);
    return addEvents(batch, trusted);
  }) as typeof store.addEvents;
  return sizes;
}

describe('activity recorder', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes what came in as one batch half a second after the first event', () => {
    const store = openTestStore();
    const sizes = countBatches(store);
    const rec = new ActivityRecorder(store);
    for (let i = 0; i < 120; i++) rec.record(event(i));
    vi.advanceTimersByTime(499);
    expect(logged(store)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(sizes).toEqual([120]);
    expect(logged(store)).toBe(120);
  });

  it('later events go in the next batch, and an idle recorder keeps no timer', () => {
    const store = openTestStore();
    const sizes = countBatches(store);
    const rec = new ActivityRecorder(store);
    rec.record(event(1));
    vi.advanceTimersByTime(500);
    expect(vi.getTimerCount()).toBe(0);
    rec.record(event(2));
    rec.record(event(3));
    vi.advanceTimersByTime(500);
    expect(sizes).toEqual([1, 2]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush() on shutdown writes what is pending at once', () => {
    const store = openTestStore();
    const rec = new ActivityRecorder(store);
    rec.record(event(1));
    rec.record(event(2));
    rec.flush();
    expect(logged(store)).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
