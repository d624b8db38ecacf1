import type { Clock } from "../../application/ports/clock";
import type { DomainEventBus } from "../../application/ports/domain-event-bus";
import type {
  AnsweredAttempt,
  ExecuteMessageIntentUseCase,
} from "../../application/use-cases/execute-message-intent";
import { fenceOfClaim, type JobFence } from "../../domain/job/job-fence";
import type {
  ClaimedJob,
  MessageExecutionJobRepository,
} from "../../domain/job/message-execution-job-repository";
import type { Logger } from "../logging/logger";
import { InFlightSet } from "./in-flight-set";
import { PeriodicTask } from "./periodic-task";
import { Wakeup } from "./wakeup";

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
  /** How often the leases of in-flight attempts are extended; a third of the lease leaves two chances. */
  heartbeatIntervalMs: number;
  /** How often this worker looks for other workers' expired leases. */
  recoveryIntervalMs: number;
  maxAttempts: number;
  /** How often the reconciler looks for approved intents without a job. */
  reconcileIntervalMs: number;
  /** Providers whose uncertain attempts may be retried after a lost lease (they dedupe on our key). */
  idempotentProviders: readonly string[];
}

export interface WorkerDependencies {
  jobs: MessageExecutionJobRepository;
  execute: ExecuteMessageIntentUseCase;
  bus: DomainEventBus;
  clock: Clock;
  newId: () => string;
  logger: Logger;
}

const RECOVERY_BATCH = 100;

/**
 * Claims and executes jobs. The claim loop never overlaps itself; sends run concurrently up to
 * `concurrency`, and every answered send wakes the loop to refill its slot. A send's slot is free
 * once the provider has answered; its outcome waits for its batched write apart, and only when
 * more than `concurrency` outcomes wait (a slow database) do claims shrink. Each pass claims a
 * batch sized to the free slots and executes it. Beside the loop, each on its own timer so that
 * no claim waits for them: a heartbeat extends the leases of the attempts in flight (only a dead
 * or stuck worker loses its claims), the rescuer takes over jobs whose lease ran out, and the
 * reconciler creates jobs for approved intents that have none. Retries need no pass of their own:
 * a failed attempt is written as RETRY with its next time, and claims pick it up.
 */
export class MessageExecutorWorker {
  /** The claims this worker holds, by job id: what the heartbeat extends. */
  private readonly held = new Map<string, JobFence>();
  private readonly wakeup = new Wakeup();
  /** Requests to the provider not yet answered: what `concurrency` bounds. */
  private readonly sending = new InFlightSet(() => this.wakeup.signal());
  /**
   * Attempts not yet recorded, sending ones included: what stopping waits for. A recorded outcome
   * frees room only when outcomes held claims back, or when a per-instance limit counts the job
   * until its outcome is written.
   */
  private readonly unrecorded = new InFlightSet(() => {
    if (this.backlogged || this.options.perInstanceConcurrency > 0) this.wakeup.signal();
  });
  private running = false;
  private stopping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly heartbeat: PeriodicTask;
  private readonly rescuer: PeriodicTask;
  private readonly reconciler: PeriodicTask;

  constructor(
    private readonly deps: WorkerDependencies,
    private readonly options: WorkerOptions,
  ) {
    this.heartbeat = new PeriodicTask(options.heartbeatIntervalMs, () => this.beat());
    this.rescuer = new PeriodicTask(options.recoveryIntervalMs, () => this.recover());
    this.reconciler = new PeriodicTask(options.reconcileIntervalMs, () => this.reconcile());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loopDone = this.loop();
    this.heartbeat.start({ runNow: false });
    this.rescuer.start({ runNow: true });
    this.reconciler.start({ runNow: true });
  }

  /** New work may be runnable (a job was created, a slot freed): run a pass soon. */
  wake(): void {
    this.wakeup.signal();
  }

  /**
   * Stops claiming (a claim racing with the stop is given back at once, its request never left),
   * then waits for in-flight sends up to `timeoutMs`; returns how many were still running. Those
   * keep their lease until it runs out, and recovery elsewhere settles them.
   */
  async stop(timeoutMs: number): Promise<number> {
    this.running = false;
    this.stopping = true;
    this.wakeup.signal();
    await this.loopDone;
    await Promise.all([this.rescuer.stop(), this.reconciler.stop()]);
    const unfinished = await this.unrecorded.settleWithin(timeoutMs);
    await this.heartbeat.stop();
    return unfinished;
  }

  /** One pass; returns how many jobs it claimed. Exposed so tests can step the worker. */
  async runOnce(): Promise<number> {
    const free = this.freeSlots();
    if (free <= 0 || this.stopping) return 0;
    const now = this.deps.clock.now();
    const claimed = await this.deps.jobs.tryClaim({
      workerId: this.options.workerId,
      limit: free,
      leaseMs: this.options.leaseMs,
      now,
      perInstanceLimit: this.options.perInstanceConcurrency,
    });
    if (claimed.length === 0) return 0;
    if (this.stopping) {
      await this.release(claimed.map((c) => fenceOfClaim(c.job)));
      return 0;
    }
    // No await between the claim and the requests: a claim is dispatched (see tryClaim).
    for (const job of claimed) this.executeOne(job);
    return claimed.length;
  }

  /** Slots for new sends: the concurrency left over by sends in flight and by outcomes past the allowance. */
  private freeSlots(): number {
    return this.options.concurrency - this.sending.size - this.outcomesOverAllowance();
  }

  /** Answered attempts waiting for their write, beyond the `concurrency` of them allowed to wait. */
  private outcomesOverAllowance(): number {
    return Math.max(0, this.unrecorded.size - this.sending.size - this.options.concurrency);
  }

  private get backlogged(): boolean {
    return this.outcomesOverAllowance() > 0;
  }

  /** Waits until every in-flight send settled (for tests and shutdown). */
  async idle(): Promise<void> {
    await this.unrecorded.idle();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.freeSlots();
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (error) {
        this.deps.logger.error({ err: error }, "worker pass failed; retrying after the poll interval");
      }
      // A full batch means more may be waiting: go again at once if slots remain.
      if (this.running && claimed > 0 && claimed === free && this.freeSlots() > 0) continue;
      await this.wakeup.wait(this.options.pollIntervalMs);
    }
  }

  private async reconcile(): Promise<void> {
    try {
      const created = await this.deps.jobs.createMissingForApproved({
        limit: 500,
        maxAttempts: this.options.maxAttempts,
        now: this.deps.clock.now(),
        newId: this.deps.newId,
      });
      if (created.length === 0) return;
      this.deps.logger.info({ count: created.length }, "created jobs for approved intents");
      this.wakeup.signal();
    } catch (error) {
      this.deps.logger.error(
        { err: error },
        "reconciling approved intents failed; retrying at the next interval",
      );
    }
  }

  /** Every worker recovers, one batch at a time; SKIP LOCKED lets them do it side by side. */
  private async recover(): Promise<void> {
    try {
      const events = await this.deps.jobs.recoverExpiredLeases({
        now: this.deps.clock.now(),
        limit: RECOVERY_BATCH,
        actor: `worker:${this.options.workerId}`,
        idempotentProviders: this.options.idempotentProviders,
      });
      if (events.length === 0) return;
      this.deps.logger.warn({ count: events.length }, "took over jobs whose lease expired");
      this.deps.bus.publish(events);
    } catch (error) {
      this.deps.logger.error({ err: error }, "lease recovery failed; retrying at the next interval");
    }
  }

  private async release(fences: readonly JobFence[]): Promise<void> {
    const events = await this.deps.jobs.releaseUnsent(
      fences,
      this.deps.clock.now(),
      `worker:${this.options.workerId}`,
    );
    this.deps.bus.publish(events);
  }

  /** One fenced write for all the attempts in flight; a claim recovery took over is simply not extended. */
  private async beat(): Promise<void> {
    if (this.held.size === 0) return;
    const until = new Date(this.deps.clock.now().getTime() + this.options.leaseMs);
    try {
      const extended = new Set(await this.deps.jobs.extendLeases([...this.held.values()], until));
      for (const [jobId, fence] of this.held) {
        if (extended.has(jobId)) continue;
        this.held.delete(jobId);
        this.deps.logger.warn(
          { ...fence },
          "lease lost: another worker took the job over; this outcome will not count",
        );
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, "heartbeat failed; leases not extended");
    }
  }

  private executeOne(claimed: ClaimedJob): void {
    this.held.set(claimed.job.id, fenceOfClaim(claimed.job));
    const answered = this.deps.execute.send(claimed);
    this.sending.track(answered.then(noop, noop));
    this.unrecorded.track(this.recordOne(claimed, answered));
  }

  private async recordOne(claimed: ClaimedJob, answered: Promise<AnsweredAttempt>): Promise<void> {
    const ids = { jobId: claimed.job.id, intentId: claimed.intent.id, attempt: claimed.job.attempts };
    try {
      const result = await this.deps.execute.record(await answered);
      this.deps.logger.debug({ ...ids, result }, "attempt finished");
    } catch (error) {
      // The outcome could not be written (database down); the lease will expire and recovery decides.
      this.deps.logger.error({ ...ids, err: error }, "attempt outcome not recorded");
    } finally {
      this.held.delete(claimed.job.id);
    }
  }
}

function noop(): void {}
