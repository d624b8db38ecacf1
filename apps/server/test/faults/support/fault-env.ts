import type { TurboZapSim } from "@whatlead/turbozap-sim";

/** The default organization's key in every fault process (BOOTSTRAP_API_KEY); the suite calls /v1 with it. */
export const FAULT_API_KEY = "wlk_fault-suite-key-of-the-default-organization";

/** Headers that authenticate a call to a fault process's /v1 API. */
export function faultAuth(): Record<string, string> {
  return { authorization: `Bearer ${FAULT_API_KEY}` };
}

/**
 * The settings every fault scenario's processes share: fast retries, small pools, and a lease
 * short enough (with heartbeats and recovery to match) that a lost worker's claims are recovered
 * within the scenario. The scenarios here measure faults under throughput, so the per-instance
 * limit is off; the per-instance scenario (e2e/per-instance-order) runs with the default of 1.
 */
export function faultEnv(databaseUrl: string, sim: TurboZapSim): Record<string, string> {
  return {
    ...gatewaylessFaultEnv(databaseUrl),
    TURBOZAP_BASE_URL: sim.url,
    TURBOZAP_API_KEY: sim.apiKey,
    TURBOZAP_TIMEOUT_MS: "2000",
  };
}

/** faultEnv without a gateway: for the scenarios that run against another gateway's simulator. */
export function gatewaylessFaultEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    // A test file may hold 25 of PostgreSQL's connections (CI runs several files at a time under
    // its 100): a process opens its pool, up to 2 claim connections and its LISTEN one, so 5 here,
    // and four processes with the test's own stay under 25.
    DATABASE_POOL_SIZE: "2",
    WORKER_LEASE_MS: "3000",
    WORKER_HEARTBEAT_INTERVAL_MS: "500",
    WORKER_RECOVERY_INTERVAL_MS: "500",
    PER_INSTANCE_CONCURRENCY: "0",
    WORKER_CONCURRENCY: "4",
    WORKER_POLL_INTERVAL_MS: "100",
    MAX_ATTEMPTS: "5",
    // The scenarios count attempts against MAX_ATTEMPTS; the budget's age has its own tests.
    RETRY_MAX_AGE: "off",
    RETRY_BASE_DELAY_MS: "50",
    RETRY_MAX_DELAY_MS: "500",
    SHUTDOWN_TIMEOUT_MS: "3000",
    PORT: "0",
    BOOTSTRAP_API_KEY: FAULT_API_KEY,
    // The suite loads thousands of intents through one API process in seconds.
    RATE_LIMIT_PER_MINUTE: "1000000",
  };
}
