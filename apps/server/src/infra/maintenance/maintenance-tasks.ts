import type { Logger } from "../logging/logger";
import { PeriodicTask } from "../worker/periodic-task";

/** A periodic task that runs beside the claim loop on its own timer. */
export interface MaintenanceTask {
  /** What it does, for the log line of a failed run ("lease rescue"). */
  readonly name: string;
  /** One run; a failure is logged and the task runs again at its next interval. */
  run(): Promise<void>;
}

/** The maintenance a worker process runs, each task on its own timer, started and stopped together. */
export class MaintenanceTasks {
  private readonly timers: PeriodicTask[];

  constructor(tasks: readonly { everyMs: number; task: MaintenanceTask }[], logger: Logger) {
    this.timers = tasks.map(
      ({ everyMs, task }) =>
        new PeriodicTask(everyMs, () =>
          task.run().catch((error: unknown) => {
            logger.error({ err: error }, `${task.name} failed; retrying at the next interval`);
          }),
        ),
    );
  }

  start(): void {
    for (const timer of this.timers) timer.start({ runNow: true });
  }

  async stop(): Promise<void> {
    await Promise.all(this.timers.map((timer) => timer.stop()));
  }
}
