export interface HttpSettings {
  /** Requests per minute and API key, in each process (see RateLimiter). */
  rateLimitPerMinute: number;
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  corsOrigins: readonly string[];
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = { rateLimitPerMinute: 6_000, corsOrigins: [] };
