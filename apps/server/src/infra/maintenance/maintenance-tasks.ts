/** A periodic task that runs beside the claim loop on its own timer. */
export interface MaintenanceTask {
  start(): void;
  stop(): Promise<void>;
}

/** The maintenance a worker process runs (rescuer, job reconciler), started and stopped together. */
export class MaintenanceTasks {
  constructor(private readonly tasks: readonly MaintenanceTask[]) {}

  start(): void {
    for (const task of this.tasks) task.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((task) => task.stop()));
  }
}
