import type { IncomingMessage, ServerResponse } from "node:http";

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

/** Counts one send from the WhatsApp step until the answer is written or the client goes away. */
export function trackInFlight(
  tracker: InFlightTracker,
  instance: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  tracker.begin(instance);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    tracker.end(instance);
  };
  res.once("close", end);
  if (req.socket.destroyed) end();
}
