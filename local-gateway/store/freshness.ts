// The one way in-memory caches over the store stay fresh. Another connection's commit (the CLI,
// the app) moves PRAGMA data_version; a cache registers what to drop, and calls check() before it
// answers from memory. This connection's own writes do not move data_version: the code that
// writes drops the caches it touched itself.

export interface Freshness {
  /**
   * Reads data_version, at most once per maxAgeMs (0: every call), and when it moved calls every
   * registered invalidate. Cheap enough for every proxied request.
   */
  check(): void;
  /** Registers a cache's invalidate callback; returns a function that unregisters it. */
  onChange(invalidate: () => void): () => void;
}

export function createFreshness(
  readVersion: () => number,
  maxAgeMs = 0,
  clock: () => number = () => performance.now(),
): Freshness {
  const caches = new Set<() => void>();
  let version = -1;
  let checkedAt = -Infinity;
  return {
    check() {
      if (maxAgeMs > 0) {
        const t = clock();
        if (t - checkedAt < maxAgeMs) return;
        checkedAt = t;
      }
      const v = readVersion();
      if (v === version) return;
      version = v;
      for (const invalidate of caches) invalidate();
    },
    onChange(invalidate) {
      caches.add(invalidate);
      return () => void caches.delete(invalidate);
    },
  };
}
