import type { DomainEventBus } from "../../application/ports/domain-event-bus";
import type { JobOutcome, JobQueue } from "../../application/ports/job-queue";
import { CoalescingWriter } from "../database/coalescing-writer";

export interface JobCompleterOptions {
  /** Outcomes allowed to wait for their write before claims must shrink (a slow database). */
  allowance: number;
  /** Called after every batch written; `relieved` when the backlog was past the allowance. */
  onWritten(relieved: boolean): void;
}

/**
 * The one way an attempt's outcome reaches the database, whatever it is: outcomes finishing
 * together go out as one fenced statement (the first at once, the next batch as soon as it
 * returns), and their events are published after commit. It also holds the backpressure: the
 * outcomes waiting past the allowance are slots its worker must not fill.
 */
export class JobCompleter {
  private readonly writer: CoalescingWriter<JobOutcome, boolean>;
  private waiting = 0;

  constructor(
    private readonly queue: JobQueue,
    private readonly bus: DomainEventBus,
    private readonly options: JobCompleterOptions,
  ) {
    this.writer = new CoalescingWriter((outcomes) => this.writeBatch(outcomes));
  }

  /** Records the outcome; false when its claim was no longer held (another outcome won). */
  async complete(outcome: JobOutcome): Promise<boolean> {
    this.waiting += 1;
    try {
      return await this.writer.write(outcome);
    } finally {
      this.waiting -= 1;
    }
  }

  /** Outcomes waiting for their write beyond the allowance. */
  excess(): number {
    return Math.max(0, this.waiting - this.options.allowance);
  }

  private async writeBatch(outcomes: readonly JobOutcome[]) {
    const relieved = this.excess() > 0;
    try {
      const recorded = await this.queue.complete(outcomes);
      this.bus.publish(recorded);
      const applied = new Set(recorded.map((event) => attemptKey(event.jobId, event.attempt)));
      // The same attempt twice in one batch: only the first is told it applied, as when written one by one.
      return (outcome: JobOutcome) => applied.delete(attemptKey(outcome.fence.jobId, outcome.fence.attempt));
    } finally {
      // After the batch's callers have seen their answers, so that counts are settled when the worker looks.
      setImmediate(() => this.options.onWritten(relieved));
    }
  }
}

function attemptKey(jobId: string, attempt: number): string {
  return `${jobId}:${attempt}`;
}
