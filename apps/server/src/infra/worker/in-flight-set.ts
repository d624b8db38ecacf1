/**
 * The units of work a claim loop has started and not yet seen settle: its free slots are
 * `capacity - size`, and stopping waits for them up to a deadline. Shared by the send worker and
 * the webhook delivery loop.
 */
export class InFlightSet {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onSettled: () => void) {}

  get size(): number {
    return this.running.size;
  }

  track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => {
      this.running.delete(work);
      this.onSettled();
    });
  }

  /** Resolves when everything settled or `timeoutMs` passed; returns how many still run. */
  async settleWithin(timeoutMs: number): Promise<number> {
    const settled = Promise.allSettled([...this.running]);
    const timedOut = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([settled, timedOut]);
    return this.running.size;
  }

  /** Resolves once nothing runs, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
