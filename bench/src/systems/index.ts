import type { BenchSystem, SystemName } from "./bench-system";

/** Loaded on demand: a worker process imports only the system it runs. */
export async function loadSystem(name: SystemName): Promise<BenchSystem> {
  switch (name) {
    case "ours":
      return (await import("./ours")).ours;
    case "graphile-worker":
      return (await import("./graphile-worker")).graphileWorker;
    case "pg-boss":
      return (await import("./pg-boss")).pgBoss;
    case "floor":
      return (await import("./floor")).floor;
  }
}
