import type { DomainEventBus } from "../../application/ports/domain-event-bus";
import type { CompletionBatch, Dispatch, JobOutcome, JobQueue } from "../../application/ports/job-queue";
import { CoalescingWriter } from "../database/coalescing-writer";
import type { SpanStart, Tracing } from "../tracing/tracing";

export interface JobCompleterOptions {
  /** Outcomes allowed to wait for their write before claims must shrink (a slow database). */
  allowance: number;
  /** Called after every batch written; `relieved` when the backlog was past the allowance. */
  onWritten(relieved: boolean): void;
}

/** Each item with the span it comes from (a claim's, an attempt's), which the batch's span links to. */
type Item = { span: string | null } & (
  | { kind: "dispatch"; fences: readonly Dispatch[] }
  | { kind: "outcome"; outcome: JobOutcome; answeredAt: number }
);
/** A dispatch is answered with the job ids it marked; an outcome with whether it was recorded. */
type Answer = ReadonlySet<string> | boolean;

/**
 * The one way a claimed job's progress reaches the database: its dispatch mark before the request
 * leaves, then its outcome, whatever it is. Items arriving together go out as one fenced statement
 * (the first at once, the next batch as soon as it returns), so under load a claim's dispatch mark
 * rides with the previous claims' outcomes and costs no statement of its own; events are
 * published after commit. It also holds the backpressure: the outcomes waiting past the
 * allowance are slots its worker must not fill.
 */
export class JobCompleter {
  private readonly writer: CoalescingWriter<Item, Answer>;
  private waiting = 0;

  constructor(
    private readonly queue: JobQueue,
    private readonly bus: DomainEventBus,
    private readonly options: JobCompleterOptions,
    tracing: Tracing,
  ) {
    this.writer = new CoalescingWriter((items) =>
      tracing.inSpan("complete jobs", batchSpanStart(items), () => this.writeBatch(items)),
    );
  }

  /** Marks the claims handed to the gateway, durably, before any of their requests leaves; returns the job ids still held. */
  async dispatch(fences: readonly Dispatch[], span: string | null = null): Promise<ReadonlySet<string>> {
    return (await this.writer.write({ kind: "dispatch", fences, span })) as ReadonlySet<string>;
  }

  /** Records the outcome; false when its claim was no longer held (another outcome won). */
  async complete(outcome: JobOutcome, span: string | null = null): Promise<boolean> {
    this.waiting += 1;
    try {
      // The answer came no later than now: what the database dates it by (see answeredMsAgo).
      const answeredAt = performance.now();
      return (await this.writer.write({ kind: "outcome", outcome, answeredAt, span })) as boolean;
    } finally {
      this.waiting -= 1;
    }
  }

  /** Outcomes waiting for their write beyond the allowance. */
  excess(): number {
    return Math.max(0, this.waiting - this.options.allowance);
  }

  private async writeBatch(items: readonly Item[]) {
    const relieved = this.excess() > 0;
    try {
      const answered = items.flatMap((item) => (item.kind === "outcome" ? [item] : []));
      const writtenAt = performance.now();
      const batch: CompletionBatch = {
        dispatches: items.flatMap((item) => (item.kind === "dispatch" ? item.fences : [])),
        outcomes: answered.map((item) => item.outcome),
        answeredMsAgo: answered.map((item) => writtenAt - item.answeredAt),
      };
      const { dispatched, events, holds } = await this.queue.complete(batch);
      this.bus.publish([...events, ...holds]);
      const marked = new Set(dispatched);
      const recorded = new Set(events.map((event) => attemptKey(event.jobId, event.attempt)));
      return (item: Item): Answer =>
        item.kind === "dispatch"
          ? new Set(item.fences.map((fence) => fence.jobId).filter((jobId) => marked.has(jobId)))
          : // The same attempt twice in one batch: only the first is told it applied, as when written one by one.
            recorded.delete(attemptKey(item.outcome.fence.jobId, item.outcome.fence.attempt));
    } finally {
      // After the batch's callers have seen their answers, so that counts are settled when the worker looks.
      setImmediate(() => this.options.onWritten(relieved));
    }
  }
}

function batchSpanStart(items: readonly Item[]): SpanStart {
  const outcomes = items.filter((item) => item.kind === "outcome").length;
  return {
    root: true,
    attributes: {
      "whatlead.completion.outcomes": outcomes,
      "whatlead.completion.dispatches": items.length - outcomes,
    },
    links: items.map((item) => item.span),
  };
}

function attemptKey(jobId: string, attempt: number): string {
  return `${jobId}:${attempt}`;
}
