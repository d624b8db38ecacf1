import type { DomainEventBus } from "../../application/ports/domain-event-bus";
import type { ClaimedJob, JobOutcome, JobQueue } from "../../application/ports/job-queue";
import type { PresenceOutcome } from "../../application/ports/whatsapp-provider-port";
import type { AttemptClaimedJobUseCase } from "../../application/use-cases/attempt-claimed-job";
import type { CheckRecipientUseCase } from "../../application/use-cases/check-recipient";
import type { ShowTypingUseCase } from "../../application/use-cases/show-typing";
import { PACE_LOOKAHEAD_MS } from "../../domain/instance/instance-pacing";
import type { TypingPlan } from "../../domain/intent/typing-plan";
import { fenceOfClaim } from "../../domain/job/job-fence";
import type { Logger } from "../logging/logger";
import type { JobCompleter } from "../queue/job-completer";
import type { Span, SpanStart, Tracing } from "../tracing/tracing";
import { ClaimLoop } from "./claim-loop";
import { InFlightSet } from "./in-flight-set";
import type { LeaseHeartbeat } from "./lease-heartbeat";
import { PacedDepartures } from "./paced-departures";
import { sleepUntil } from "./sleep-until";

/**
 * How long before a paced send leaves its claimer writes the dispatch mark, so the mark's commit is
 * not added to the gap: the mark took 4–6 ms (p50) and 14–21 ms (p90) in W6. A worker that dies in
 * between leaves the job UNCONFIRMED though nothing left, as one that dies between any mark and its
 * request does; this only widens that window by these milliseconds.
 */
const DISPATCH_MARK_LEAD_MS = 20;

export interface WorkerOptions {
  workerId: string;
  /** Sends in flight at once in this process. */
  concurrency: number;
  /** At most this many jobs PROCESSING per instance across every worker; 0 = no limit. */
  perInstanceConcurrency: number;
  /** Fallback wake-up when nothing signalled new work. */
  pollIntervalMs: number;
  /** How long a claim lives without a heartbeat. */
  leaseMs: number;
}

export interface WorkerDependencies {
  queue: JobQueue;
  attempt: AttemptClaimedJobUseCase;
  typing: ShowTypingUseCase;
  recipients: CheckRecipientUseCase;
  completer: JobCompleter;
  heartbeat: LeaseHeartbeat;
  bus: DomainEventBus;
  logger: Logger;
  tracing: Tracing;
}

/**
 * The claim loop: claim → (recipient check) → ("typing…") → dispatch mark → attempt → complete. Sends run concurrently
 * up to `concurrency`; a send's slot is free once the provider has answered (a typing job holds one
 * from its claim), and its outcome goes to the completer, which batches the writes and says when
 * outcomes pile up past its allowance (then claims shrink).
 * Retries need no pass of their own: a RETRY is written with its due time and claims pick it up.
 */
export class MessageExecutorWorker {
  /** Requests to the provider not yet answered: what `concurrency` bounds. */
  private readonly sending = new InFlightSet(() => this.loop.wake());
  /** Attempts not yet recorded, sending ones included: what stopping waits for. */
  private readonly unrecorded = new InFlightSet(() => {});
  private readonly loop: ClaimLoop;
  private readonly departures = new PacedDepartures();
  private stopping = false;

  constructor(
    private readonly deps: WorkerDependencies,
    private readonly options: WorkerOptions,
  ) {
    this.loop = new ClaimLoop(
      { freeSlots: () => this.freeSlots(), claim: (limit) => this.claim(limit) },
      deps.logger,
      { pollIntervalMs: options.pollIntervalMs, name: "worker" },
    );
  }

  start(): void {
    this.stopping = false;
    this.loop.start();
    this.deps.heartbeat.start();
  }

  /** New work may be runnable (a job was created, a slot freed): run a pass soon. */
  wake(): void {
    this.loop.wake();
  }

  /**
   * Stops claiming (a claim racing with the stop is given back at once, its request never left),
   * then waits for in-flight attempts up to `timeoutMs`; returns how many were still running.
   * Those keep their lease until it runs out, and a rescuer elsewhere settles them.
   */
  async stop(timeoutMs: number): Promise<number> {
    this.stopping = true;
    await this.loop.stop();
    const unfinished = await this.unrecorded.settleWithin(timeoutMs);
    await this.deps.heartbeat.stop();
    return unfinished;
  }

  /** One pass; returns how many jobs it claimed. Exposed so tests can step the worker. */
  runOnce(): Promise<number> {
    return this.loop.runOnce();
  }

  /** Waits until every attempt in flight is recorded (for tests and shutdown). */
  async idle(): Promise<void> {
    await this.unrecorded.idle();
  }

  /** The concurrency left over by sends in flight and by outcomes waiting past the completer's allowance. */
  private freeSlots(): number {
    if (this.stopping) return 0;
    return this.options.concurrency - this.sending.size - this.deps.completer.excess();
  }

  /** The claim's span is the parent of its attempts' spans (they outlive it). */
  private claim(limit: number): Promise<number> {
    const attributes = { "whatlead.worker.id": this.options.workerId, "whatlead.claim.limit": limit };
    return this.deps.tracing.inSpan("claim jobs", { root: true, attributes }, async (span) => {
      const claimed = await this.deps.queue.claim({
        workerId: this.options.workerId,
        limit,
        leaseMs: this.options.leaseMs,
        perInstanceLimit: this.options.perInstanceConcurrency,
      });
      span.setAttributes({ "whatlead.claim.claimed": claimed.length });
      return claimed.length === 0 ? 0 : this.dispatch(claimed, span.traceparent);
    });
  }

  private async dispatch(claimed: readonly ClaimedJob[], claimSpan: string | null): Promise<number> {
    const fences = claimed.map((c) => fenceOfClaim(c.job));
    if (this.stopping) {
      this.deps.bus.publish(await this.deps.queue.releaseUnsent(fences, `worker:${this.options.workerId}`));
      return 0;
    }
    const direct: ClaimedJob[] = [];
    const arrivedAt = performance.now();
    for (const job of claimed) {
      const plan = this.deps.typing.planFor(job);
      const checked = this.deps.recipients.appliesTo(job);
      const leavesAt = this.departures.leavesAt(job, arrivedAt);
      if (plan === null && !checked && leavesAt <= arrivedAt) direct.push(job);
      else this.unrecorded.track(this.prepareThenSend(job, plan, checked, leavesAt));
    }
    if (direct.length === 0) return claimed.length;
    // No request leaves before its claim is durably marked dispatched: a worker that dies before
    // this point leaves claims a rescuer retries; one that dies after it, claims left UNCONFIRMED.
    const dispatched = await this.deps.completer.dispatch(
      direct.map((job) => this.deps.attempt.dispatchOf(job)),
      claimSpan,
    );
    for (const job of direct)
      if (dispatched.has(job.job.id)) this.unrecorded.track(this.attemptAndComplete(job));
    return claimed.length;
  }

  /**
   * A paced claim taken before its number's gap ended waits for it (`leavesAt`, this process's
   * clock). The recipient check and "typing…" come then, before the dispatch mark: a worker that dies
   * meanwhile leaves a claim whose message never left, which a rescuer simply retries; one that stops
   * meanwhile gives it back. The heartbeat keeps the claim throughout, and the job holds its send
   * slot, so a check is paced and counted in the worker's concurrency like the send it precedes.
   */
  private async prepareThenSend(
    claimed: ClaimedJob,
    plan: TypingPlan | null,
    checked: boolean,
    leavesAt: number,
  ): Promise<void> {
    const fence = fenceOfClaim(claimed.job);
    const ids = { jobId: fence.jobId, intentId: claimed.intent.id, attempt: fence.attempt };
    let releaseSlot: (until?: Promise<void>) => void = noop;
    this.sending.track(new Promise<void>((resolve) => (releaseSlot = resolve)));
    this.deps.heartbeat.hold(fence);
    try {
      await sleepUntil(plan === null && !checked ? leavesAt - DISPATCH_MARK_LEAD_MS : leavesAt);
      const refusal = checked ? await this.deps.recipients.refusal(claimed) : null;
      if (refusal !== null) {
        await this.record(claimed, refusal, null);
        return;
      }
      const typingMs = plan === null ? undefined : await this.typeFor(claimed, plan, ids);
      if (this.stopping) {
        this.deps.bus.publish(
          await this.deps.queue.releaseUnsent([fence], `worker:${this.options.workerId}`),
        );
        return;
      }
      const dispatched = await this.deps.completer.dispatch([this.deps.attempt.dispatchOf(claimed)]);
      // A claim lost while typing (lease taken over) was never handed over: whoever holds it now decides.
      if (!dispatched.has(fence.jobId)) return;
      await sleepUntil(leavesAt);
      // The slot passes on to the send without freeing in between (a free slot wakes a claim pass).
      await this.attemptAndComplete(claimed, typingMs, releaseSlot);
    } catch (error) {
      this.deps.logger.error(
        { ...ids, err: error },
        "recipient check, typing or dispatch mark failed; the claim is left to expire",
      );
    } finally {
      releaseSlot();
      this.deps.heartbeat.drop(fence);
    }
  }

  /** Shows "typing…" for its time; returns that time. The presence call's answer is reported whenever it comes. */
  private async typeFor(
    claimed: ClaimedJob,
    plan: TypingPlan,
    ids: Record<string, unknown>,
  ): Promise<number> {
    const typed = await this.deps.typing.show(claimed, plan);
    void typed.presence.then((outcome) => this.reportPresence(outcome, ids));
    return typed.typingMs;
  }

  private wakeWithin(ms: number): void {
    if (ms <= 0) this.loop.wake();
    else setTimeout(() => this.loop.wake(), ms).unref();
  }

  private reportPresence(outcome: PresenceOutcome, ids: Record<string, unknown>): void {
    if (outcome.kind === "failed")
      this.deps.logger.warn(
        { ...ids, code: outcome.code, reason: outcome.message },
        "typing not shown; sent anyway",
      );
  }

  private async attemptAndComplete(
    claimed: ClaimedJob,
    typingMs?: number,
    holdSlotUntil = (answered: Promise<void>) => this.sending.track(answered),
  ): Promise<void> {
    const fence = fenceOfClaim(claimed.job);
    this.deps.heartbeat.hold(fence);
    const ids = { jobId: fence.jobId, intentId: claimed.intent.id, attempt: fence.attempt };
    try {
      const { outcome, span } = await this.deps.tracing.inSpan(
        `send ${claimed.job.provider}`,
        attemptSpanStart(claimed),
        async (span) => {
          const answered = this.deps.attempt.attempt(claimed, typingMs);
          holdSlotUntil(answered.then(noop, noop));
          const outcome = await answered;
          recordOutcome(span, outcome);
          return { outcome, span: span.traceparent };
        },
      );
      await this.record(claimed, outcome, span);
    } catch (error) {
      // The outcome could not be written (database down); the lease will expire and a rescuer decides.
      this.deps.logger.error({ ...ids, err: error }, "attempt outcome not recorded");
    } finally {
      this.deps.heartbeat.drop(fence);
    }
  }

  /** Writes an attempt's outcome, sent or ended before sending. */
  private async record(claimed: ClaimedJob, outcome: JobOutcome, span: string | null): Promise<void> {
    const answeredAt = performance.now();
    const recorded = await this.deps.completer.complete(outcome, span);
    if (claimed.paceGapMs !== null) {
      if (recorded)
        this.departures.answered(
          claimed.job.instanceId,
          outcome.fence.lockedBy,
          answeredAt,
          claimed.paceGapMs,
        );
      // Nothing notifies when a paced number's next job may be claimed (its gap counts from the
      // answer): this worker, which knows, looks then.
      this.wakeWithin(claimed.paceGapMs - PACE_LOOKAHEAD_MS - (performance.now() - answeredAt));
    }
    const { jobId, attempt } = outcome.fence;
    const ids = { jobId, intentId: claimed.intent.id, attempt };
    this.deps.logger.debug({ ...ids, result: recorded ? outcome.status : "STALE" }, "attempt finished");
  }
}

/**
 * An attempt's span: its ids, and a link to the trace of whoever created the intent (its stored
 * `traceparent`), however long ago and in whatever process. Never the text or the recipient.
 */
function attemptSpanStart(claimed: ClaimedJob): SpanStart {
  return {
    attributes: {
      "whatlead.job.id": claimed.job.id,
      "whatlead.intent.id": claimed.intent.id,
      "whatlead.instance.id": claimed.job.instanceId,
      "whatlead.attempt": claimed.job.attempts,
      "whatlead.provider": claimed.job.provider,
      "whatlead.message.type": claimed.intent.type,
    },
    links: [claimed.intent.traceparent],
  };
}

function recordOutcome(span: Span, outcome: JobOutcome): void {
  const code = outcome.status === "SENT" ? null : outcome.event.error.code;
  span.setAttributes({ "whatlead.outcome": outcome.status, "error.type": code });
  if (code !== null) span.fail(code);
}

function noop(): void {}
