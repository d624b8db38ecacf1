import type { Config } from "../config/config";

/** What runs, and which variable switches each embedded part to a real one. Never prints a secret. */
export function banner(
  config: Config,
  url: string,
  gatewayUrl: string,
  webhookBaseUrl: string | null,
): string {
  const database = config.DATABASE_URL
    ? "PostgreSQL (DATABASE_URL)"
    : `PGlite, embedded, data in ${config.DATA_DIR}   → set DATABASE_URL=postgres://… for PostgreSQL`;
  const gateway = config.TURBOZAP_BASE_URL
    ? `TurboZap at ${gatewayUrl} (TURBOZAP_BASE_URL)`
    : `built-in TurboZap simulator at ${gatewayUrl}   → set TURBOZAP_BASE_URL and TURBOZAP_API_KEY for a real gateway`;
  const worker = config.WORKER_ENABLED
    ? `on, concurrency ${config.WORKER_CONCURRENCY}, per instance ${config.PER_INSTANCE_CONCURRENCY || "unlimited"}, max attempts ${config.MAX_ATTEMPTS}`
    : "off (WORKER_ENABLED=false)";
  const webhooks = webhookBaseUrl
    ? `${webhookBaseUrl}/v1/webhooks/turbozap, configured on each instance registered`
    : config.TURBOZAP_WEBHOOK_SECRET
      ? "accepted at /v1/webhooks/turbozap (set PUBLIC_URL to configure them on registration)"
      : "off   → set PUBLIC_URL and TURBOZAP_WEBHOOK_SECRET";
  return [
    "WhatLead Executor",
    `  dashboard ${url}/`,
    `  API       ${url}   (reference at /docs, /openapi.json; /metrics, /healthz, /readyz)`,
    `  database  ${database}`,
    `  gateway   ${gateway}`,
    `  worker    ${worker}`,
    `  webhooks  ${webhooks}`,
  ].join("\n");
}
