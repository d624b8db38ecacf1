import type { Logger } from "../logging/logger";
import type { MaintenanceTask } from "./maintenance-tasks";

export interface QueuedIntentReturnerSettings {
  /** Intents returned per statement. */
  batchSize: number;
}

/** Puts QUEUED intents back before the gate (PENDING) once their `queuedUntil` has come. */
export class QueuedIntentReturner implements MaintenanceTask {
  readonly name = "returning queued intents";

  constructor(
    private readonly returnDue: (limit: number) => Promise<number>,
    private readonly logger: Logger,
    private readonly settings: QueuedIntentReturnerSettings,
  ) {}

  async run(): Promise<void> {
    const count = await this.returnDue(this.settings.batchSize);
    if (count > 0) this.logger.info({ count }, "returned queued intents to the gate");
  }
}
