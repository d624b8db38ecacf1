import type { GatewayName } from "../scenarios";
import type { SimHandle } from "../sim/start-sim";

export interface BenchContext {
  /** A database URL on the server to benchmark against; each run gets a fresh database there. */
  adminUrl: string;
  /** Names the fresh databases `<prefix>_<system>_<scenario>`, so two runs on one server do not collide. */
  databasePrefix: string;
  /** TurboZap's simulator, which every system speaks. */
  sim: SimHandle;
  /** A gateway's simulator, started at its first use (W0-providers). */
  simOf(gateway: GatewayName): Promise<SimHandle>;
  /** Gives up on a run that has not finished in this time. */
  runTimeoutMs: number;
}
