import type { Config } from "../config/config";

export interface HttpSettings {
  /** Requests per minute and API key, in each process (see RateLimiter). */
  rateLimitPerMinute: number;
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  corsOrigins: readonly string[];
}

export function httpSettingsOf(config: Config): HttpSettings {
  return { rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, corsOrigins: config.CORS_ORIGINS };
}
