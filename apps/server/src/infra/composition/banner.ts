import { resolve } from "node:path";
import type { Config } from "../config/config";
import { urlWithoutCredentials } from "../logging/url-without-credentials";
import type { BootstrapKeySource } from "./bootstrap-api-key";
import { metricsAccessOf } from "./metrics-access-of";

const METRICS_LINE = {
  token: "/metrics with Authorization: Bearer <METRICS_TOKEN>",
  off: "off   → set METRICS_TOKEN to serve /metrics to Bearer callers",
  public: "/metrics public (embedded default)   → set METRICS_TOKEN to require a Bearer token",
};

/**
 * What runs, and which variable switches each embedded part to a real one. Never prints a secret,
 * not even one written into a URL. Paths are absolute: `npm start` runs in apps/server, not where
 * the user typed it.
 */
export function banner(
  config: Config,
  url: string,
  rawGatewayUrl: string,
  key: BootstrapKeySource,
  rawWebhookBaseUrl: string | null,
): string {
  const gatewayUrl = urlWithoutCredentials(rawGatewayUrl);
  const webhookBaseUrl = rawWebhookBaseUrl && urlWithoutCredentials(rawWebhookBaseUrl).replace(/\/$/, "");
  const database = config.DATABASE_URL
    ? "PostgreSQL (DATABASE_URL)"
    : `PGlite, embedded, data in ${resolve(config.DATA_DIR)}   → set DATABASE_URL=postgres://… for PostgreSQL`;
  const gateway = config.TURBOZAP_BASE_URL
    ? `TurboZap at ${gatewayUrl} (TURBOZAP_BASE_URL)`
    : `built-in TurboZap simulator at ${gatewayUrl}   → set TURBOZAP_BASE_URL and TURBOZAP_API_KEY for a real gateway`;
  const worker = config.WORKER_ENABLED
    ? `on, concurrency ${config.WORKER_CONCURRENCY}, per instance ${config.PER_INSTANCE_CONCURRENCY || "unlimited"}, max attempts ${config.MAX_ATTEMPTS}`
    : "off (WORKER_ENABLED=false)";
  const apiKey = {
    env: "BOOTSTRAP_API_KEY works for organization default (Authorization: Bearer …)",
    file: `for organization default: read it from ${key.kind === "file" ? resolve(key.path) : ""} (Authorization: Bearer …)`,
    none: "create one: npm run cli -- keys create --org <name>",
  }[key.kind];
  const webhooks = webhookBaseUrl
    ? `${webhookBaseUrl}/v1/webhooks/turbozap, configured on each instance registered`
    : config.TURBOZAP_WEBHOOK_SECRET
      ? "accepted at /v1/webhooks/turbozap (set PUBLIC_URL to configure them on registration)"
      : "off   → set PUBLIC_URL and TURBOZAP_WEBHOOK_SECRET";
  return [
    "WhatLead Executor",
    `  dashboard ${url}/`,
    `  API       ${url}   (reference at /docs, /openapi.json; /healthz, /readyz)`,
    `  metrics   ${METRICS_LINE[metricsAccessOf(config).kind]}`,
    `  database  ${database}`,
    `  gateway   ${gateway}`,
    `  worker    ${worker}`,
    `  API key   ${apiKey}`,
    `  webhooks  ${webhooks}`,
  ].join("\n");
}
