import type { MetricsAccess } from "./metrics-access";

export interface HttpSettings {
  /** Requests per minute and API key, in each process (see RateLimiter). */
  rateLimitPerMinute: number;
  /** Failed authentications (unknown or revoked keys) per minute and client address, in each process. */
  authFailuresPerMinute: number;
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  corsOrigins: readonly string[];
  /** Longest a client may take to send a whole request, headers and body (slow-body clients). */
  requestTimeoutMs: number;
  /** A connection with no traffic either way this long is closed (event streams send heartbeats). */
  idleTimeoutMs: number;
  /** How long an idle keep-alive connection waits for its next request. */
  keepAliveTimeoutMs: number;
  /** Open connections this process accepts; one more is closed at once. */
  maxConnections: number;
  metrics: MetricsAccess;
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = {
  rateLimitPerMinute: 6_000,
  authFailuresPerMinute: 30,
  corsOrigins: [],
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 72_000,
  maxConnections: 4_096,
  metrics: { kind: "public" },
};
