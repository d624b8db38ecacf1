import type { DomainEventBus } from "../../application/ports/domain-event-bus";
import type { JobQueue } from "../../application/ports/job-queue";
import type { Logger } from "../logging/logger";
import type { MaintenanceTask } from "./maintenance-tasks";

export interface LeaseRescuerSettings {
  /** Expired claims taken over per statement. */
  batchSize: number;
  /** Who rescues, for the timeline (`worker:<id>`). */
  actor: string;
  /** Providers whose uncertain attempts may be retried after a lost lease (they dedupe on our key). */
  idempotentProviders: readonly string[];
}

/**
 * Takes over jobs whose lease ran out (their worker died or hangs), one batch per run. Every
 * worker process runs one; SKIP LOCKED lets them work side by side.
 */
export class LeaseRescuer implements MaintenanceTask {
  readonly name = "lease rescue";

  constructor(
    private readonly queue: JobQueue,
    private readonly bus: DomainEventBus,
    private readonly logger: Logger,
    private readonly settings: LeaseRescuerSettings,
  ) {}

  async run(): Promise<void> {
    const events = await this.queue.recoverExpired({
      limit: this.settings.batchSize,
      actor: this.settings.actor,
      idempotentProviders: this.settings.idempotentProviders,
    });
    if (events.length === 0) return;
    this.logger.warn({ count: events.length }, "took over jobs whose lease expired");
    this.bus.publish(events);
  }
}
