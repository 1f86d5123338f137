// The one freshness mechanism of the store's caches: another connection's commit reaches every
// registered cache, within maxAgeMs and with at most one PRAGMA read per window.
import { describe, expect, it } from 'vitest';
import { createFreshness } from '../../../local-gateway/store/freshness.js';
import { openTestStore, tempDataDir } from '../../support/store-fixture.js';

describe('store freshness', () => {
  it("tells every registered cache about another connection's commit, not about its own", () => {
    const dir = tempDataDir();
    const app = openTestStore(dir);
    const cli = openTestStore(dir);
    const dropped: string[] = [];
    app.freshness.onChange(() => dropped.push('a'));
    const off = app.freshness.onChange(() => dropped.push('b'));
    app.freshness.check();
    dropped.length = 0;
    app.setSetting('x', '1'); // own write: the writer drops its own caches
    app.freshness.check();
    expect(dropped).toEqual([]);
    cli.setSetting('x', '2');
    app.freshness.check();
    expect(dropped).toEqual(['a', 'b']);
    off();
    cli.setSetting('x', '3');
    app.freshness.check();
    expect(dropped).toEqual(['a', 'b', 'a']);
  });

  it('reads the version at most once per maxAgeMs, and sees a change once that has passed', () => {
    let version = 1;
    let reads = 0;
    let now = 0;
    const f = createFreshness(
      () => (reads++, version),
      50,
      () => now,
    );
    let drops = 0;
    f.onChange(() => drops++);
    f.check();
    expect([reads, drops]).toEqual([1, 1]); // the first read counts as a change: caches start empty anyway
    version = 2;
    now = 49;
    for (let i = 0; i < 100; i++) f.check();
    expect([reads, drops]).toEqual([1, 1]);
    now = 50;
    f.check();
    expect([reads, drops]).toEqual([2, 2]);
  });
});
