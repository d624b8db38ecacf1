import type { Config } from "../config/config";
import type { MetricsAccess } from "../http/metrics-access";

/** Public only on the embedded default (one machine, one user); elsewhere a token, or nothing. */
export function metricsAccessOf(config: Config): MetricsAccess {
  if (config.METRICS_TOKEN) return { kind: "token", token: config.METRICS_TOKEN };
  return config.DATABASE_URL ? { kind: "off" } : { kind: "public" };
}
