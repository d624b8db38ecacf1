import type { Logger } from "../logging/logger";
import type { MaintenanceTask } from "./maintenance-tasks";

export interface QueuedIntentReturnerSettings {
  intervalMs: number;
  /** Intents returned per statement. */
  batchSize: number;
}

/** Puts QUEUED intents back before the gate (PENDING) once their `queuedUntil` has come. */
export class QueuedIntentReturner implements MaintenanceTask {
  constructor(
    private readonly returnDue: (limit: number) => Promise<number>,
    private readonly logger: Logger,
    private readonly settings: QueuedIntentReturnerSettings,
  ) {}

  get intervalMs(): number {
    return this.settings.intervalMs;
  }

  async run(): Promise<void> {
    try {
      const count = await this.returnDue(this.settings.batchSize);
      if (count > 0) this.logger.info({ count }, "returned queued intents to the gate");
    } catch (error) {
      this.logger.error({ err: error }, "returning queued intents failed; retrying at the next interval");
    }
  }
}
