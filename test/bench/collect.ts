// Garbage collection on demand in the bench's own processes (the driver, the upstream and the
// quiet clients): they are instruments, and their collections should not land inside the calls
// they time. The gateway itself leaves collection to V8.
import v8 from 'node:v8';
import vm from 'node:vm';

/** V8's `gc` function, exposed at run time (in contexts created from now on). */
function exposedGc(): ((opts?: { type: 'minor' }) => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as (opts?: { type: 'minor' }) => void) : undefined;
  } catch {
    return undefined;
  }
}

const gc = exposedGc();

/** Young-generation collection (cheap: a millisecond or so). */
export const collectYoung = (): void => gc?.({ type: 'minor' });

/**
 * Full collection. Plain `gc()`: on Node 20, `gc({ type: 'major' })` runs a young collection
 * (the performance observer reports it as a scavenge).
 */
export function collectFull(): void {
  gc?.();
}
