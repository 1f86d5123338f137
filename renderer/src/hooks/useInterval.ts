import { useEffect, useRef } from 'react';

/** Calls `tick` every `ms` while `enabled`; the latest `tick` is always the one called. */
export function useInterval(tick: () => void, ms: number, enabled = true): void {
  const ref = useRef(tick);
  ref.current = tick;
  useEffect(() => {
    if (!enabled) return undefined;
    const id = window.setInterval(() => ref.current(), ms);
    return () => window.clearInterval(id);
  }, [ms, enabled]);
}
