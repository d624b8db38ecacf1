/**
 * Every timer the sim starts (latency, receipts, webhook backoff) goes through here so close() can stop
 * them all; a cleared sleep() never resolves, which simply drops the work that was waiting on it.
 */
export class TimerBag {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  get isStopped(): boolean {
    return this.stopped;
  }

  after(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
