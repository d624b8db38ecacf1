import { resolve } from "node:path";
import type { Config } from "../config/config";
import { metricsAccessOf } from "../http/http-settings";
import { urlWithoutCredentials } from "../logging/url-without-credentials";
import { tracingSettingsOf } from "../tracing/tracing-settings";
import type { BootstrapKeySource } from "./bootstrap-api-key";
import type { OpenGateway } from "./gateways";

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
  gateways: readonly OpenGateway[],
  key: BootstrapKeySource,
  rawWebhookBaseUrl: string | null,
  listening: boolean,
): string {
  const webhookBaseUrl = rawWebhookBaseUrl && urlWithoutCredentials(rawWebhookBaseUrl).replace(/\/$/, "");
  const database = config.DATABASE_URL
    ? `PostgreSQL (DATABASE_URL${config.DATABASE_POOL_MODE === "transaction" ? " through a transaction pooler, unnamed statements" : ""}), ${
        listening
          ? `woken by LISTEN${config.DATABASE_DIRECT_URL ? " on DATABASE_DIRECT_URL" : ""}`
          : `polling every ${config.WORKER_POLL_INTERVAL_MS} ms   → set DATABASE_DIRECT_URL for LISTEN`
      }`
    : `PGlite, embedded, data in ${resolve(config.DATA_DIR)}   → set DATABASE_URL=postgres://… for PostgreSQL`;
  const gatewayLines = gateways.map(gatewayLine);
  const worker = config.WORKER_ENABLED
    ? `on, concurrency ${config.WORKER_CONCURRENCY}, per instance ${config.PER_INSTANCE_CONCURRENCY || "unlimited"}, max attempts ${config.MAX_ATTEMPTS}`
    : "off (WORKER_ENABLED=false)";
  const apiKey = {
    env: "BOOTSTRAP_API_KEY works for organization default (Authorization: Bearer …)",
    file: `for organization default: read it from ${key.kind === "file" ? resolve(key.path) : ""} (Authorization: Bearer …)`,
    none: "create one: npm run cli -- keys create --org <name>",
  }[key.kind];
  const webhooks = webhookBaseUrl
    ? `${webhookBaseUrl}/v1/webhooks/<provider>, configured on each instance registered`
    : "accepted at /v1/webhooks/<provider>, not configured on the gateways   → set PUBLIC_URL (TurboZap also needs TURBOZAP_WEBHOOK_SECRET)";
  return [
    "WhatLead Executor",
    `  dashboard ${url}/`,
    `  API       ${url}   (reference at /docs, /openapi.json; /healthz, /readyz)`,
    `  metrics   ${METRICS_LINE[metricsAccessOf(config).kind]}`,
    `  database  ${database}`,
    ...gatewayLines.map((line, index) => `  ${index === 0 ? "gateways" : "        "}  ${line}`),
    `  worker    ${worker}`,
    `  API key   ${apiKey}`,
    `  webhooks  ${webhooks}`,
    `  traces    ${tracesLine(config)}`,
  ].join("\n");
}

function tracesLine(config: Config): string {
  const tracing = tracingSettingsOf(config);
  return tracing
    ? `OTLP ${tracing.protocol} to ${urlWithoutCredentials(tracing.tracesUrl)} as ${tracing.serviceName}`
    : 'off   → set OTEL_EXPORTER_OTLP_ENDPOINT (see "Traces")';
}

const SETTINGS: Readonly<Record<string, string>> = {
  turbozap: "TURBOZAP_BASE_URL and TURBOZAP_API_KEY",
  evolution: "EVOLUTION_BASE_URL and EVOLUTION_API_KEY",
  wuzapi: "WUZAPI_BASE_URL and WUZAPI_ADMIN_TOKEN",
};

/** One provider: a real gateway or the built-in simulator, and how to switch to a real one. */
function gatewayLine(gateway: OpenGateway, index: number): string {
  const name = gateway.provider.name;
  const role = index === 0 ? " (default)" : "";
  return gateway.embedded
    ? `${name}${role}: built-in simulator at ${gateway.url}   → set ${SETTINGS[name]} for a real gateway`
    : `${name}${role}: ${urlWithoutCredentials(gateway.url)}`;
}
