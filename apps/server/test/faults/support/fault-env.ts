import type { TurboZapSim } from "@whatlead/turbozap-sim";

/** The settings every fault scenario's processes share: fast retries, a short lease, small pools. */
export function faultEnv(databaseUrl: string, sim: TurboZapSim): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "4",
    TURBOZAP_BASE_URL: sim.url,
    TURBOZAP_API_KEY: sim.apiKey,
    TURBOZAP_TIMEOUT_MS: "2000",
    // Short, so that lease recovery resolves a lost worker's claims within the scenario.
    WORKER_LEASE_MS: "4000",
    WORKER_CONCURRENCY: "4",
    WORKER_POLL_INTERVAL_MS: "100",
    MAX_ATTEMPTS: "5",
    RETRY_BASE_DELAY_MS: "50",
    RETRY_MAX_DELAY_MS: "500",
    SHUTDOWN_TIMEOUT_MS: "3000",
    PORT: "0",
  };
}
