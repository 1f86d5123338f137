// Garbage collection on demand in the bench's own processes (the driver and the upstream): they
// are instruments, and their collections should not land inside the calls they time.
import { exposedGc, youngGenerationCollector } from '../../local-gateway/proxy/release-memory.js';

const gc = exposedGc();

/** Young-generation collection (cheap: a millisecond or so); the gateway's own collector. */
export const collectYoung = youngGenerationCollector() ?? ((): void => undefined);

/**
 * Full collection. Plain `gc()`: on Node 20, `gc({ type: 'major' })` runs a young collection
 * (the performance observer reports it as a scavenge).
 */
export function collectFull(): void {
  gc?.();
}
