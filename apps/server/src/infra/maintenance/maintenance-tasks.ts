import { PeriodicTask } from "../worker/periodic-task";

/** A periodic task that runs beside the claim loop on its own timer; a run never throws. */
export interface MaintenanceTask {
  readonly intervalMs: number;
  run(): Promise<void>;
}

/** The maintenance a worker process runs (rescuer, job reconciler), each on its own timer, started and stopped together. */
export class MaintenanceTasks {
  private readonly timers: PeriodicTask[];

  constructor(tasks: readonly MaintenanceTask[]) {
    this.timers = tasks.map((task) => new PeriodicTask(task.intervalMs, () => task.run()));
  }

  start(): void {
    for (const timer of this.timers) timer.start({ runNow: true });
  }

  async stop(): Promise<void> {
    await Promise.all(this.timers.map((timer) => timer.stop()));
  }
}
