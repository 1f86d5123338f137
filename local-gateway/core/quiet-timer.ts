// Background work that must not hold up a call (writing the activity log, asking V8 for a
// collection): once due, it waits for a moment when `busy()` says nothing is going on, polling
// every POLL_MS, but never longer than `maxWaitMs` in all, so it is late at worst, never lost.
const POLL_MS = 5;

export class QuietTimer {
  private timer: NodeJS.Timeout | undefined;
  private waited = 0;

  constructor(
    private readonly busy: () => boolean,
    private readonly maxWaitMs: number,
    private readonly run: () => void,
  ) {}

  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Due in `delayMs`; the time spent waiting for quiet adds up until `settle()`. */
  start(delayMs: number): void {
    this.timer = setTimeout(this.tick, delayMs);
    this.timer.unref();
  }

  /** The work is all done: the next `start()` may wait the full `maxWaitMs` again. */
  settle(): void {
    this.waited = 0;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.waited = 0;
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.busy() && this.waited < this.maxWaitMs) {
      this.waited += POLL_MS;
      this.start(POLL_MS);
      return;
    }
    this.run();
  };
}
