import type { SystemName, WorkerSettings } from "../systems/bench-system";
import { BUNDLES } from "./bundle-paths";
import { IpcChild } from "./ipc-child";
import { profileArgs } from "./profile-args";

type WorkerRequest = { kind: "go" } | { kind: "stop" };

export interface WorkerTotals {
  queries: number;
  /** The largest peak RSS among the processes. */
  peakRssMb: number;
}

/** `count` worker processes of one system, started together. */
export class WorkerProcesses {
  private constructor(private readonly children: IpcChild<WorkerRequest>[]) {}

  static async start(system: SystemName, settings: WorkerSettings, count: number): Promise<WorkerProcesses> {
    const children = await Promise.all(
      Array.from({ length: count }, () =>
        IpcChild.start<WorkerRequest>(
          BUNDLES.workerProcess,
          [system, JSON.stringify(settings)],
          profileArgs(),
        ),
      ),
    );
    return new WorkerProcesses(children);
  }

  /** Resolves with the queries sent before going (warm-up), to subtract from the totals. */
  async go(): Promise<number> {
    const answers = await Promise.all(
      this.children.map((child) => child.request<{ queriesBefore: number }>({ kind: "go" })),
    );
    return answers.reduce((sum, answer) => sum + answer.queriesBefore, 0);
  }

  async stop(): Promise<WorkerTotals> {
    const answers = await Promise.all(
      this.children.map((child) => child.request<{ queries: number; peakRssMb: number }>({ kind: "stop" })),
    );
    await Promise.all(this.children.map((child) => child.close()));
    return {
      queries: answers.reduce((sum, answer) => sum + answer.queries, 0),
      peakRssMb: Math.max(...answers.map((answer) => answer.peakRssMb)),
    };
  }
}
