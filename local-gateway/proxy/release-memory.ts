// Relayed bodies pass through the gateway as socket-read Buffers: memory outside the JS heap
// that is freed only when a collection finds their small wrappers dead. A proxy allocates little
// JS per byte it relays, so young collections are rare, and V8 forces a full one only after
// tens of MB of such buffers have piled up. After large bodies, the gateway therefore asks for a
// young-generation collection (about a millisecond: the wrappers are nearly all there is), at
// most once per interval and never inside a request's own work.
import v8 from 'node:v8';
import vm from 'node:vm';
import { QuietTimer } from '../core/quiet-timer.js';

export type Collect = () => void;

/** V8's `gc` function, when this runtime lets a running process expose it. */
export function exposedGc(): ((opts?: { type: 'minor' }) => void) | undefined {
  try {
    // Exposes `gc` in contexts created from now on; the main context is left as it was.
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as (opts?: { type: 'minor' }) => void) : undefined;
  } catch {
    return undefined;
  }
}

/** V8's young-generation collection, when this runtime lets a running process call it. */
export function youngGenerationCollector(): Collect | undefined {
  const gc = exposedGc();
  return gc && (() => gc({ type: 'minor' }));
}

/** Size of the block `keepFreedMemoryForReuse` drops: glibc then keeps twice this mapped. */
export const REUSE_HINT_BYTES = 8 * 1024 * 1024;

/** Set once the hint below has been given: malloc's threshold is process-wide. */
let reuseHinted = false;

/**
 * glibc's malloc hands freed memory back to the OS as soon as 128 KiB lie free at the top of its
 * heap, so after each collection (MemoryRelease, below) the next large body would fault every page in again
 * (measured: ~400 page faults and +1 ms of CPU per 1 MiB call, most of the gateway's gap to the
 * bare hop). glibc raises that trim threshold to twice the size of any freed block that was big
 * enough to get its own mapping ("dynamic mmap threshold", mallopt(3)). Dropping one 8 MiB block
 * at start lets up to 16 MiB of freed buffers stay mapped for reuse, so the collections still
 * bound memory, and large bodies stop paying for it. Other allocators just see one short-lived
 * block.
 */
export function keepFreedMemoryForReuse(collect: Collect | undefined): void {
  if (reuseHinted) return;
  reuseHinted = true;
  let block: Buffer | undefined = Buffer.allocUnsafeSlow(REUSE_HINT_BYTES);
  block[0] = 0;
  block = undefined;
  // A young collection frees it now rather than whenever V8 next collects.
  collect?.();
}

export interface MemoryReleaseOptions {
  /** Bytes relayed by large calls since the last collection that make one worth it (default 256 KiB). */
  thresholdBytes?: number;
  /** A call relaying fewer bytes than this does not count (default LARGE_CALL_BYTES). */
  largeCallBytes?: number;
  /** Shortest time between two collections (default 100 ms). */
  minIntervalMs?: number;
  /** Whether a call is in flight: the collection waits (up to a second) for a quiet moment. */
  busy?: () => boolean;
}

const MAX_WAIT_MS = 1000;

/**
 * Small calls leave their buffers to V8's own young collections: a 1 KiB call makes about 36 KB
 * of JS garbage in Node's HTTP machinery (measured: 13 young collections of ~3.9 MB over 1,400
 * calls through `serve`), far more than the bytes it relays, so those collections free its
 * buffers long before they add up. Counting such calls only forced extra collections (one every
 * ~100 calls, 0.7–4.8 ms each) and kept a timer polling for quiet. From this size on, relayed
 * bytes outrun the JS garbage and only an asked-for collection frees them in time.
 */
export const LARGE_CALL_BYTES = 64 * 1024;

export class MemoryRelease {
  private relayed = 0;
  private last = -Infinity;
  private readonly timer: QuietTimer;
  private readonly threshold: number;
  private readonly large: number;
  private readonly interval: number;

  constructor(private readonly collect: Collect | undefined, opts: MemoryReleaseOptions = {}) {
    this.threshold = opts.thresholdBytes ?? 256 * 1024;
    this.large = opts.largeCallBytes ?? LARGE_CALL_BYTES;
    this.interval = opts.minIntervalMs ?? 100;
    // Not while a call is being relayed: its response would wait for the collection.
    this.timer = new QuietTimer(opts.busy ?? (() => false), MAX_WAIT_MS, this.run);
  }

  /** A call finished after relaying `bytes` (both directions). */
  note(bytes: number): void {
    if (!this.collect || bytes < this.large) return;
    this.relayed += bytes;
    if (this.relayed < this.threshold || this.timer.pending) return;
    this.timer.start(Math.max(0, this.last + this.interval - performance.now()));
  }

  private readonly run = (): void => {
    this.timer.settle();
    this.relayed = 0;
    this.last = performance.now();
    this.collect!();
  };

  close(): void {
    this.timer.cancel();
  }
}
