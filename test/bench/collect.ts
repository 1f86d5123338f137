// Garbage collection on demand in the bench's own processes (the driver and the upstream): they
// are instruments, and their collections should not land inside the calls they time.
import { exposedGc } from '../../local-gateway/proxy/release-memory.js';

const gc = exposedGc();

/** Young-generation collection (cheap: a millisecond or so). */
export function collectYoung(): void {
  gc?.({ type: 'minor' });
}

/**
 * Full collection. Plain `gc()`: on Node 20, `gc({ type: 'major' })` runs a young collection
 * (the performance observer reports it as a scavenge).
 */
export function collectFull(): void {
  gc?.();
}
