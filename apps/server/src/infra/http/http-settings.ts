import type { Config } from "../config/config";
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

export function httpSettingsOf(config: Config): HttpSettings {
  return {
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
    corsOrigins: config.CORS_ORIGINS,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
    idleTimeoutMs: config.HTTP_IDLE_TIMEOUT_MS,
    keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: config.HTTP_MAX_CONNECTIONS,
    metrics: metricsAccessOf(config),
  };
}

/** Public only on the embedded default (one machine, one user); elsewhere a token, or nothing. */
export function metricsAccessOf(config: Config): MetricsAccess {
  if (config.METRICS_TOKEN) return { kind: "token", token: config.METRICS_TOKEN };
  return config.DATABASE_URL ? { kind: "off" } : { kind: "public" };
}
