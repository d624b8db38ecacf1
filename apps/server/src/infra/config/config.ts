import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const int = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback);

const configSchema = z
  .object({
    PORT: int(3000, 0),
    HOST: z.string().default("0.0.0.0"),
    DATA_DIR: z.string().default("./data"),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    DATABASE_POOL_SIZE: int(10, 1),
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
    SIM_PORT: int(0, 0),
    SHUTDOWN_TIMEOUT_MS: int(30_000, 0),
    WORKER_ENABLED: z
      .enum(["true", "false"])
      .default("true")
      .transform((v) => v === "true"),
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
    PER_INSTANCE_CONCURRENCY: int(1, 0),
    MAX_ATTEMPTS: int(5, 1),
    RETRY_BASE_DELAY_MS: int(1_000, 1),
    RETRY_MAX_DELAY_MS: int(300_000, 1),
    EVENTS_POLL_INTERVAL_MS: int(1_000, 10),
    EVENTS_HEARTBEAT_MS: int(15_000, 100),
    WEBHOOKS_ENABLED: z
      .enum(["true", "false"])
      .default("true")
      .transform((v) => v === "true"),
    WEBHOOK_CONCURRENCY: int(20, 1),
    WEBHOOK_ENDPOINT_CONCURRENCY: int(5, 1),
    WEBHOOK_TIMEOUT_MS: int(10_000, 100),
    WEBHOOK_MAX_ATTEMPTS: int(8, 1),
    WEBHOOK_RETRY_BASE_DELAY_MS: int(5_000, 1),
    WEBHOOK_RETRY_MAX_DELAY_MS: int(3_600_000, 1),
    WEBHOOK_POLL_INTERVAL_MS: int(1_000, 10),
    BOOTSTRAP_API_KEY: optionalString.pipe(
      z.string().min(20, "must be at least 20 characters (an API key)").max(512).optional(),
    ),
    RATE_LIMIT_PER_MINUTE: int(6_000, 1),
    CORS_ORIGINS: optionalString.transform((value) =>
      value === undefined
        ? []
        : value
            .split(",")
            .map((origin) => origin.trim())
            .filter(Boolean),
    ),
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
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Reads and validates the environment once, at start; every problem is listed in one message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
}
