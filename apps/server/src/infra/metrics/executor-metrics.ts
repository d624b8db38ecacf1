import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Clock } from "../../application/ports/clock";
import { EXECUTION_STATUSES } from "../../domain/job/execution-status";
import { LEASE_EXPIRED } from "../../domain/job/job-error";
import type { DomainEvent, MessageFailed } from "../../domain/timeline/domain-event";
import type { JobStatsSource } from "./job-stats-source";

const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const LATENCY_SECONDS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14_400, 86_400];

/**
 * Prometheus metrics of one executor process, on a registry of its own. Counters and histograms
 * follow the event bus; database gauges are read by two aggregate queries when scraped.
 */
export class ExecutorMetrics {
  readonly registry = new Registry();
  private readonly jobs = new Gauge({
    name: "whatlead_jobs",
    help: "Execution jobs by status, read from the database at scrape time",
    labelNames: ["status"],
    registers: [this.registry],
  });
  private readonly unconfirmed = new Gauge({
    name: "whatlead_jobs_unconfirmed",
    help: "Jobs whose last attempt may or may not have reached the lead; they wait for a receipt or an operator",
    registers: [this.registry],
  });
  private readonly runnable = new Gauge({
    name: "whatlead_runnable_jobs",
    help: "Jobs due now (PENDING or RETRY whose next attempt time has come): the backlog",
    registers: [this.registry],
  });
  private readonly oldestRunnableAge = new Gauge({
    name: "whatlead_oldest_runnable_job_age_seconds",
    help: "How long the longest-waiting due job has been due; 0 when none is",
    registers: [this.registry],
  });
  private readonly heldInstances = new Gauge({
    name: "whatlead_instances_held",
    help: "Instances whose gateway said they cannot send now, by the code that holds them; their jobs wait",
    labelNames: ["code"],
    registers: [this.registry],
  });
  private readonly sends = new Counter({
    name: "whatlead_sends_total",
    help: "Attempt outcomes seen by this process: sent, retry, held, failed or unconfirmed, with the error code",
    labelNames: ["outcome", "error_code"],
    registers: [this.registry],
  });
  private readonly attemptDuration = new Histogram({
    name: "whatlead_attempt_duration_seconds",
    help: "Time spent in the provider call of one attempt, by outcome",
    labelNames: ["outcome"],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly approvalToSent = new Histogram({
    name: "whatlead_approval_to_sent_seconds",
    help: "From an intent's approval (its job's creation) to the gateway accepting the message",
    buckets: LATENCY_SECONDS,
    registers: [this.registry],
  });
  private readonly leaseRecoveries = new Counter({
    name: "whatlead_lease_recoveries_total",
    help: "Jobs taken back from a worker whose lease expired",
    registers: [this.registry],
  });

  constructor(
    private readonly stats: JobStatsSource,
    private readonly clock: Clock,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Subscribed to the event bus: every outcome this process records. */
  observe(event: DomainEvent): void {
    switch (event.type) {
      case "MessageSent":
        this.countAttempt("sent", "none", event.durationMs);
        if (event.approvedAt)
          this.approvalToSent.observe(seconds(event.occurredAt.getTime() - event.approvedAt.getTime()));
        return;
      case "MessageFailed":
        this.countAttempt(outcomeOfFailure(event), event.error.code, event.durationMs);
        this.countLeaseRecovery(event.error.code);
        return;
      case "MessageUnconfirmed":
        this.countAttempt("unconfirmed", event.error.code, event.durationMs);
        this.countLeaseRecovery(event.error.code);
        return;
    }
  }

  /** Recovery records the attempt it took over with LEASE_EXPIRED, as RETRY or UNCONFIRMED. */
  private countLeaseRecovery(code: string): void {
    if (code === LEASE_EXPIRED) this.leaseRecoveries.inc();
  }

  /** The Prometheus text exposition, with the database gauges read now. */
  async render(): Promise<string> {
    const now = this.clock.now();
    const [byStatus, backlog, held] = await Promise.all([
      this.stats.countByStatus(),
      this.stats.runnableBacklog(now),
      this.stats.countHeldInstances(),
    ]);
    // Reset first: a hold that lifted must not linger under its code.
    this.heldInstances.reset();
    for (const [code, count] of Object.entries(held)) this.heldInstances.set({ code }, count);
    for (const status of EXECUTION_STATUSES) this.jobs.set({ status }, byStatus[status] ?? 0);
    this.unconfirmed.set(byStatus.UNCONFIRMED ?? 0);
    this.runnable.set(backlog.count);
    const age = backlog.oldestDueAt ? now.getTime() - backlog.oldestDueAt.getTime() : 0;
    this.oldestRunnableAge.set(seconds(Math.max(0, age)));
    return this.registry.metrics();
  }

  private countAttempt(outcome: string, errorCode: string, durationMs: number | undefined): void {
    this.sends.inc({ outcome, error_code: errorCode });
    if (durationMs !== undefined) this.attemptDuration.observe({ outcome }, seconds(durationMs));
  }
}

/** A held attempt (retry with no time of its own: due when the hold lifts) is told apart from a backoff. */
function outcomeOfFailure(event: MessageFailed): string {
  if (!event.willRetry) return "failed";
  return event.nextAttemptAt === null ? "held" : "retry";
}

function seconds(ms: number): number {
  return ms / 1000;
}
