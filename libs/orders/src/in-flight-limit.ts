/**
 * A bound on the work one instance takes on at once, without a queue: `tryEnter` says no at
 * once when the bound is reached. At a checkout rush, waiting placements only pile up behind
 * the database until they time out (the probe saw 500s after 3 s); answering the surplus 503
 * with Retry-After straight away keeps the admitted ones fast and tells the rest when to
 * come back. `0` means no bound.
 */
export class InFlightLimit {
  private inFlight = 0;

  constructor(private readonly max: number) {}

  tryEnter(): boolean {
    if (this.max > 0 && this.inFlight >= this.max) return false;
    this.inFlight++;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Runs `work` inside the bound, or calls `refuse` (which throws) when it is full. */
  async run<T>(work: () => Promise<T>, refuse: () => never): Promise<T> {
    if (!this.tryEnter()) refuse();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }
}
