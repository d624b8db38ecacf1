import type { Clock } from "../../application/ports/clock";
import type { ExecuteMessageIntentUseCase } from "../../application/use-cases/execute-message-intent";
import { fenceOfClaim } from "../../domain/job/job-fence";
import type {
  ClaimedJob,
  MessageExecutionJobRepository,
} from "../../domain/job/message-execution-job-repository";
import type { Logger } from "../logging/logger";
import { Wakeup } from "./wakeup";

export interface WorkerOptions {
  workerId: string;
  /** Sends in flight at once in this process. */
  concurrency: number;
  /** Fallback wake-up when nothing signalled new work. */
  pollIntervalMs: number;
  leaseMs: number;
  maxAttempts: number;
  /** How often the reconciler looks for approved intents without a job. */
  reconcileIntervalMs: number;
}

export interface WorkerDependencies {
  jobs: MessageExecutionJobRepository;
  execute: ExecuteMessageIntentUseCase;
  clock: Clock;
  newId: () => string;
  logger: Logger;
}

/**
 * Claims and executes jobs. The claim loop never overlaps itself; sends run concurrently up to
 * `concurrency`, and every finished send wakes the loop to refill its slot. Each pass:
 * (1) create jobs for approved intents that have none, (2) claim a batch sized to the free
 * slots and execute it. Retries need no pass of their own: a failed attempt is written as RETRY
 * with its next time by the retry policy, and claims pick it up when it is due.
 */
export class MessageExecutorWorker {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly wakeup = new Wakeup();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private lastReconcileAt = 0;

  constructor(
    private readonly deps: WorkerDependencies,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** New work may be runnable (a job was created, a slot freed): run a pass soon. */
  wake(): void {
    this.wakeup.signal();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Stops claiming, then waits for in-flight sends up to `timeoutMs`; returns how many were still running. */
  async stop(timeoutMs: number): Promise<number> {
    this.running = false;
    this.wakeup.signal();
    await this.loopDone;
    const settled = Promise.allSettled([...this.inFlight]).then(() => true);
    const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    await Promise.race([settled, timedOut]);
    return this.inFlight.size;
  }

  /** One pass; returns how many jobs it claimed. Exposed so tests can step the worker. */
  async runOnce(): Promise<number> {
    await this.reconcileIfDue();
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    const now = this.deps.clock.now();
    const claimed = await this.deps.jobs.tryClaim({
      workerId: this.options.workerId,
      limit: free,
      leaseMs: this.options.leaseMs,
      now,
    });
    if (claimed.length === 0) return 0;
    await this.deps.jobs.markDispatched(
      claimed.map((c) => fenceOfClaim(c.job)),
      now,
    );
    for (const job of claimed) this.track(this.executeOne(job));
    return claimed.length;
  }

  /** Waits until every in-flight send settled (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.options.concurrency - this.inFlight.size;
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (error) {
        this.deps.logger.error({ err: error }, "worker pass failed; retrying after the poll interval");
      }
      // A full batch means more may be waiting: go again at once if slots remain.
      if (this.running && claimed > 0 && claimed === free && this.inFlight.size < this.options.concurrency)
        continue;
      await this.wakeup.wait(this.options.pollIntervalMs);
    }
  }

  private async reconcileIfDue(): Promise<void> {
    const now = this.deps.clock.now();
    if (now.getTime() - this.lastReconcileAt < this.options.reconcileIntervalMs) return;
    this.lastReconcileAt = now.getTime();
    const created = await this.deps.jobs.createMissingForApproved({
      limit: 500,
      maxAttempts: this.options.maxAttempts,
      now,
      newId: this.deps.newId,
    });
    if (created.length > 0)
      this.deps.logger.info({ count: created.length }, "created jobs for approved intents");
  }

  private async executeOne(claimed: ClaimedJob): Promise<void> {
    const ids = { jobId: claimed.job.id, intentId: claimed.intent.id, attempt: claimed.job.attempts };
    try {
      const result = await this.deps.execute.execute(claimed);
      this.deps.logger.debug({ ...ids, result }, "attempt finished");
    } catch (error) {
      // The outcome could not be written (database down); the lease will expire and recovery decides.
      this.deps.logger.error({ ...ids, err: error }, "attempt outcome not recorded");
    }
  }

  private track(execution: Promise<void>): void {
    this.inFlight.add(execution);
    void execution.finally(() => {
      this.inFlight.delete(execution);
      this.wakeup.signal();
    });
  }
}
