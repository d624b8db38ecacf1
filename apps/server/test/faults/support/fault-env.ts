import type { TurboZapSim } from "@whatlead/turbozap-sim";

/**
 * The settings every fault scenario's processes share: fast retries, small pools, and a lease
 * short enough (with heartbeats and recovery to match) that a lost worker's claims are recovered
 * within the scenario. The scenarios here measure faults under throughput, so the per-instance
 * limit is off; the per-instance scenario (e2e/per-instance-order) runs with the default of 1.
 */
export function faultEnv(databaseUrl: string, sim: TurboZapSim): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "4",
    TURBOZAP_BASE_URL: sim.url,
    TURBOZAP_API_KEY: sim.apiKey,
    TURBOZAP_TIMEOUT_MS: "2000",
    WORKER_LEASE_MS: "3000",
    WORKER_HEARTBEAT_INTERVAL_MS: "500",
    WORKER_RECOVERY_INTERVAL_MS: "500",
    PER_INSTANCE_CONCURRENCY: "0",
    WORKER_CONCURRENCY: "4",
    WORKER_POLL_INTERVAL_MS: "100",
    MAX_ATTEMPTS: "5",
    RETRY_BASE_DELAY_MS: "50",
    RETRY_MAX_DELAY_MS: "500",
    SHUTDOWN_TIMEOUT_MS: "3000",
    PORT: "0",
  };
}
