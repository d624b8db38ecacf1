import type { JobQueue } from "../../application/ports/job-queue";
import type { Logger } from "../logging/logger";
import type { MaintenanceTask } from "./maintenance-tasks";

export interface JobReconcilerSettings {
  /** Jobs created per statement. */
  batchSize: number;
  maxAttempts: number;
}

/**
 * Creates the job of every APPROVED intent that has none: approvals written outside the API (a
 * migration, a manual fix) still get sent. Not to be confused with the gateway event reconciler,
 * which matches the gateway's own reports to our attempts.
 */
export class JobReconciler implements MaintenanceTask {
  readonly name = "reconciling approved intents";

  constructor(
    private readonly queue: JobQueue,
    private readonly logger: Logger,
    private readonly settings: JobReconcilerSettings,
    /** New jobs are runnable at once. */
    private readonly onCreated: () => void,
  ) {}

  async run(): Promise<void> {
    const created = await this.queue.createMissing({
      limit: this.settings.batchSize,
      maxAttempts: this.settings.maxAttempts,
    });
    if (created.length === 0) return;
    this.logger.info({ count: created.length }, "created jobs for approved intents");
    this.onCreated();
  }
}
