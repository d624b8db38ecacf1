/** Concurrency per instance, so tests can check that a client respects its per-number limit. */
export class InFlightTracker {
  private readonly current = new Map<string, number>();
  private max: Record<string, number> = {};
  private total = 0;

  begin(instance: string): void {
    const now = (this.current.get(instance) ?? 0) + 1;
    this.current.set(instance, now);
    this.total += 1;
    if (now > (this.max[instance] ?? 0)) this.max[instance] = now;
  }

  end(instance: string): void {
    const now = (this.current.get(instance) ?? 0) - 1;
    if (now <= 0) this.current.delete(instance);
    else this.current.set(instance, now);
    this.total -= 1;
  }

  inFlight(): number {
    return this.total;
  }

  maxByInstance(): Record<string, number> {
    return { ...this.max };
  }

  /** Forgets the peaks; sends still in flight keep counting from where they are. */
  resetPeaks(): void {
    this.max = {};
    for (const [instance, count] of this.current) this.max[instance] = count;
  }
}
