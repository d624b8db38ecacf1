import type { JobQueue } from "../../application/ports/job-queue";
import type { JobFence } from "../../domain/job/job-fence";
import type { Logger } from "../logging/logger";
import { PeriodicTask } from "./periodic-task";

export interface LeaseHeartbeatOptions {
  /** How often; a third of the lease leaves two chances before it runs out. */
  intervalMs: number;
  leaseMs: number;
}

/**
 * The claims one worker holds, and the heartbeat that keeps them: one fenced write per beat
 * extends every lease still held, so only a dead or stuck worker loses its claims. A claim the
 * rescuer took over is simply not extended, and dropped.
 */
export class LeaseHeartbeat {
  private readonly held = new Map<string, JobFence>();
  private readonly task: PeriodicTask;

  constructor(
    private readonly queue: JobQueue,
    private readonly logger: Logger,
    private readonly options: LeaseHeartbeatOptions,
  ) {
    this.task = new PeriodicTask(options.intervalMs, () => this.beat());
  }

  hold(fence: JobFence): void {
    this.held.set(fence.jobId, fence);
  }

  drop(fence: JobFence): void {
    this.held.delete(fence.jobId);
  }

  start(): void {
    this.task.start({ runNow: false });
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  private async beat(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      const extended = new Set(await this.queue.extendLeases([...this.held.values()], this.options.leaseMs));
      for (const [jobId, fence] of this.held) {
        if (extended.has(jobId)) continue;
        this.held.delete(jobId);
        this.logger.warn(
          { ...fence },
          "lease lost: another worker took the job over; this outcome will not count",
        );
      }
    } catch (error) {
      this.logger.error({ err: error }, "heartbeat failed; leases not extended");
    }
  }
}
