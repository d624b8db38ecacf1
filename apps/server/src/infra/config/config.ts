import { z } from "zod";
import { weakKeyReason } from "../auth/api-key-secret";
import { durationSetting } from "./duration-setting";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** A comma-separated list, blanks dropped. */
const commaList = optionalString.transform((value) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

/** OTLP over HTTP, protobuf or JSON; gRPC is not built in. */
const otlpProtocol = z.enum(["http/protobuf", "http/json"]);

const int = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback);

/** A switch written `true` or `false`. */
const flag = (fallback: "true" | "false") =>
  z
    .enum(["true", "false"])
    .default(fallback)
    .transform((v) => v === "true");

/** Every setting by its environment variable; the README's configuration table is checked against it. */
export const configSchema = z
  .object({
    PORT: int(3000, 0),
    HOST: z.string().default("0.0.0.0"),
    DATA_DIR: z.string().default("./data"),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    DATABASE_POOL_SIZE: int(10, 1),
    /** `transaction` when DATABASE_URL is a transaction pooler such as PgBouncer: no server-side state. */
    DATABASE_POOL_MODE: z.enum(["session", "transaction"]).default("session"),
    /** A session connection to PostgreSQL itself, for LISTEN and migrations when DATABASE_URL is a pooler. */
    DATABASE_DIRECT_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    TURBOZAP_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    TURBOZAP_API_KEY: optionalString,
    TURBOZAP_TIMEOUT_MS: int(90_000, 100),
    /** Our externally reachable base URL: registering an instance points its gateway webhook there. */
    PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Sent by the gateway in X-Webhook-Secret; random per start in the embedded default. */
    TURBOZAP_WEBHOOK_SECRET: optionalString.pipe(
      z.string().min(16, "must be at least 16 characters").optional(),
    ),
    /** Evolution API v2 beside TurboZap: both or neither. */
    EVOLUTION_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    EVOLUTION_API_KEY: optionalString,
    EVOLUTION_TIMEOUT_MS: int(90_000, 100),
    /** wuzapi beside TurboZap: both or neither. */
    WUZAPI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    WUZAPI_ADMIN_TOKEN: optionalString,
    WUZAPI_TIMEOUT_MS: int(90_000, 100),
    GATEWAY_RECONCILE_INTERVAL_MS: int(5_000, 100),
    // Stored receipts are applied by one statement per batch, woken by their arrival.
    RECEIPTS_BATCH_SIZE: int(500, 1),
    RECEIPTS_POLL_INTERVAL_MS: int(1_000, 10),
    SIM_PORT: int(0, 0),
    SHUTDOWN_TIMEOUT_MS: int(30_000, 0),
    WORKER_ENABLED: flag("true"),
    WORKER_CONCURRENCY: int(50, 1),
    WORKER_POLL_INTERVAL_MS: int(1_000, 10),
    // With heartbeats a live send keeps its claim however slow the gateway is, so the lease only
    // bounds how long a dead worker's jobs wait before recovery takes them over.
    WORKER_LEASE_MS: int(30_000, 300),
    WORKER_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(10).optional(),
    WORKER_RECOVERY_INTERVAL_MS: int(5_000, 10),
    WORKER_RECOVERY_BATCH_SIZE: int(100, 1),
    // Held numbers' state is asked of the gateway this often at most, backing off per probe to the max.
    HOLD_PROBE_INTERVAL_MS: int(1_000, 10),
    HOLD_PROBE_BASE_DELAY_MS: int(1_000, 10),
    HOLD_PROBE_MAX_DELAY_MS: int(60_000, 10),
    JOB_RECONCILE_INTERVAL_MS: int(5_000, 100),
    JOB_RECONCILE_BATCH_SIZE: int(500, 1),
    QUEUED_INTENT_INTERVAL_MS: int(1_000, 100),
    // "typing…" before a send (domain/intent/typing-plan.ts): on for intents that do not say, and its bounds.
    // At least a second, or the indicator barely shows on the phone; at most a few, because the
    // typing time holds a send slot and counts inside the number's pacing gap.
    TYPING_DEFAULT: flag("false"),
    TYPING_MIN_MS: int(1_000, 0),
    TYPING_MAX_MS: int(5_000, 0),
    // Recipient checks (application/use-cases/check-recipient.ts): on for newly registered numbers
    // (PATCH /v1/instances/{id} checkRecipients changes it), and how long a gateway's answer is reused.
    RECIPIENT_CHECK_DEFAULT: flag("false"),
    RECIPIENT_CHECK_MAX_AGE: durationSetting("30d"),
    PER_INSTANCE_CONCURRENCY: int(1, 0),
    // The pacing a newly registered number starts with (PATCH /v1/instances/{id} changes it); all 0: none.
    PACING_MIN_INTERVAL_MS: int(0, 0),
    PACING_JITTER_MS: int(0, 0),
    PACING_MAX_PER_MINUTE: int(0, 0),
    PACING_MAX_PER_HOUR: int(0, 0),
    PACING_MAX_PER_DAY: int(0, 0),
    MAX_ATTEMPTS: int(5, 1),
    RETRY_BASE_DELAY_MS: int(1_000, 1),
    RETRY_MAX_DELAY_MS: int(300_000, 1),
    // A job keeps retrying message-level errors past MAX_ATTEMPTS while it is younger than this; off: attempts alone.
    RETRY_MAX_AGE: durationSetting("24h"),
    // History kept in bounds (infra/maintenance/history-retention.ts); seconds, null = keep forever.
    RETAIN_FINISHED_FOR: durationSetting("30d"),
    RETAIN_DELIVERIES_FOR: durationSetting("7d"),
    RETAIN_GATEWAY_EVENTS_FOR: durationSetting("7d"),
    RETENTION_INTERVAL_MS: int(60_000, 100),
    RETENTION_BATCH_SIZE: int(500, 1),
    RETENTION_BATCH_PAUSE_MS: int(200, 0),
    // The timeline's day partitions (infra/maintenance/timeline-partition-upkeep.ts); 0 = none.
    TIMELINE_PARTITION_DAYS_AHEAD: int(7, 0),
    TIMELINE_PARTITION_INTERVAL_MS: int(3_600_000, 100),
    EVENTS_POLL_INTERVAL_MS: int(1_000, 10),
    EVENTS_HEARTBEAT_MS: int(15_000, 100),
    EVENTS_MAX_STREAMS_PER_KEY: int(10, 1),
    WEBHOOKS_ENABLED: flag("true"),
    WEBHOOK_CONCURRENCY: int(20, 1),
    WEBHOOK_ENDPOINT_CONCURRENCY: int(5, 1),
    WEBHOOK_TIMEOUT_MS: int(10_000, 100),
    WEBHOOK_MAX_ATTEMPTS: int(8, 1),
    WEBHOOK_RETRY_BASE_DELAY_MS: int(5_000, 1),
    WEBHOOK_RETRY_MAX_DELAY_MS: int(3_600_000, 1),
    WEBHOOK_POLL_INTERVAL_MS: int(1_000, 10),
    /** Off: endpoints on loopback, private, link-local… addresses are refused (SSRF). */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: flag("false"),
    WEBHOOK_ALLOWED_HOSTS: commaList,
    // Media fetched for gateways that take only bytes (wuzapi): WhatsApp's own cap on video and audio is 16 MB.
    MEDIA_FETCH_MAX_BYTES: int(16 * 1024 * 1024, 1),
    MEDIA_FETCH_TIMEOUT_MS: int(30_000, 100),
    WEBHOOK_MAX_ENDPOINTS: int(10, 1),
    BOOTSTRAP_API_KEY: optionalString.pipe(
      z
        .string()
        .max(512)
        .superRefine((secret, ctx) => {
          const reason = weakKeyReason(secret);
          if (reason) ctx.addIssue({ code: "custom", message: reason });
        })
        .optional(),
    ),
    RATE_LIMIT_PER_MINUTE: int(6_000, 1),
    AUTH_FAILURES_PER_MINUTE: int(30, 1),
    /** Bearer token for /metrics; without it /metrics is public on the embedded default and off otherwise. */
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    HTTP_REQUEST_TIMEOUT_MS: int(30_000, 100),
    HTTP_IDLE_TIMEOUT_MS: int(120_000, 1_000),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: int(72_000, 100),
    HTTP_MAX_CONNECTIONS: int(4_096, 1),
    CORS_ORIGINS: commaList,
    // Traces (infra/tracing/tracing-settings.ts says which switch them on); the SDK reads the other OTEL_* itself.
    OTEL_SDK_DISABLED: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true"),
    OTEL_TRACES_EXPORTER: z.enum(["otlp", "none"]).optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol.default("http/protobuf"),
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol.optional(),
    OTEL_SERVICE_NAME: z.string().trim().min(1).default("whatlead-executor"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((c, ctx) => {
    if (c.WORKER_HEARTBEAT_INTERVAL_MS !== undefined && c.WORKER_HEARTBEAT_INTERVAL_MS >= c.WORKER_LEASE_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["WORKER_HEARTBEAT_INTERVAL_MS"],
        message: "must be shorter than WORKER_LEASE_MS (a third of it is a good value)",
      });
    }
    if (c.TYPING_MIN_MS > c.TYPING_MAX_MS) {
      ctx.addIssue({ code: "custom", path: ["TYPING_MIN_MS"], message: "must not exceed TYPING_MAX_MS" });
    }
    if (!c.DATABASE_URL && (c.DATABASE_DIRECT_URL || c.DATABASE_POOL_MODE === "transaction")) {
      ctx.addIssue({
        code: "custom",
        path: [c.DATABASE_DIRECT_URL ? "DATABASE_DIRECT_URL" : "DATABASE_POOL_MODE"],
        message: "needs DATABASE_URL (the pooler's address)",
      });
    }
    if (c.TURBOZAP_BASE_URL && !c.TURBOZAP_API_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["TURBOZAP_API_KEY"],
        message: "is required with TURBOZAP_BASE_URL",
      });
    }
    for (const [url, secret] of [
      ["EVOLUTION_BASE_URL", "EVOLUTION_API_KEY"],
      ["WUZAPI_BASE_URL", "WUZAPI_ADMIN_TOKEN"],
    ] as const) {
      if (c[url] && !c[secret])
        ctx.addIssue({ code: "custom", path: [secret], message: `is required with ${url}` });
    }
    if (c.TURBOZAP_BASE_URL && c.PUBLIC_URL && !c.TURBOZAP_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["TURBOZAP_WEBHOOK_SECRET"],
        message: "is required with PUBLIC_URL and TURBOZAP_BASE_URL (the gateway must present it)",
      });
    }
  })
  .transform((c) => ({
    ...c,
    WORKER_HEARTBEAT_INTERVAL_MS:
      c.WORKER_HEARTBEAT_INTERVAL_MS ?? Math.max(1, Math.floor(c.WORKER_LEASE_MS / 3)),
  }));

/** Every setting of a process, validated and defaulted: the only place a default is written. */
export type Config = z.output<typeof configSchema>;
/** What may be given: environment strings, or values of the right type (tests). */
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {}

/**
 * Validates and defaults the settings once, at start (the environment; in tests, values given
 * directly): anything absent takes its documented default, every problem is listed in one message.
 */
export function loadConfig(input: ConfigInput | NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
}
