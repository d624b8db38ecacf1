import { type Config, type ConfigInput, loadConfig } from "../../src/infra/config/config";

/** Short delays so retries, polls and recovery happen within a test; every other setting is the default. */
export const FAST_SETTINGS = {
  RETRY_BASE_DELAY_MS: 20,
  RETRY_MAX_DELAY_MS: 100,
  WORKER_CONCURRENCY: 20,
  WORKER_POLL_INTERVAL_MS: 50,
  WORKER_RECOVERY_INTERVAL_MS: 100,
  // Tests count attempts against MAX_ATTEMPTS; the budget's age has its own tests.
  RETRY_MAX_AGE: "off",
} satisfies ConfigInput;

/**
 * Settings validated and defaulted by the server's own schema, never by a copy of its defaults.
 * The process's environment is not read, so a developer's variables cannot change a test.
 */
export function testSettings(overrides: ConfigInput = {}): Config {
  return loadConfig({ ...FAST_SETTINGS, ...overrides });
}
