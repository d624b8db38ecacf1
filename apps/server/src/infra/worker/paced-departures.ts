import type { ClaimedJob } from "../../application/ports/job-queue";

/**
 * When a paced claim's request may leave, on this process's clock. The database says how long the
 * number's gap has left (`sendInMs`), counted from its own dating of the previous answer, which is a
 * write later than the answer reached its worker (4–6 ms p50 in W6). That worker knows the instant
 * itself: when the claim names one of this worker's claims as the one its gap follows (`pacedBy`),
 * that instant plus the gap is exact; otherwise the database's figure, which errs late, never early.
 */
export class PacedDepartures {
  /** Per instance: the claim whose answer this worker recorded last, and when that answer's gap ends. */
  private readonly gapEnds = new Map<string, { claim: string; at: number }>();

  /** A paced attempt's answer, received at `answeredAt`, was recorded under `claim`. */
  answered(instanceId: string, claim: string, answeredAt: number, gapMs: number): void {
    this.gapEnds.set(instanceId, { claim, at: answeredAt + gapMs });
  }

  /** When `claimed`, whose rows arrived at `arrivedAt`, may send. */
  leavesAt(claimed: ClaimedJob, arrivedAt: number): number {
    const own = this.gapEnds.get(claimed.job.instanceId);
    if (own !== undefined && own.claim === claimed.pacedBy) return own.at;
    return arrivedAt + claimed.sendInMs;
  }
}
