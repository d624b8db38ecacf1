import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

const CENSOR = "[redacted]";

/** Secrets are redacted wherever they might be logged: headers, config, error contexts. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  "req.headers.apikey",
  "headers.authorization",
  'headers["x-api-key"]',
  "headers.apikey",
  "*.headers.authorization",
  '*.headers["x-api-key"]',
  "*.headers.apikey",
  "apiKey",
  "*.apiKey",
  "TURBOZAP_API_KEY",
  "*.TURBOZAP_API_KEY",
  "DATABASE_URL",
  "*.DATABASE_URL",
  "BOOTSTRAP_API_KEY",
  "*.BOOTSTRAP_API_KEY",
];

// Paths cannot reach a secret inside free text, such as a driver error quoting its connection URL.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi;
const BEARER_TOKEN = /(\bBearer\s+)[^\s"',;]+/gi;

/** `text` with URL passwords and bearer tokens censored. */
export function scrubSecrets(text: string): string {
  return text.replace(URL_PASSWORD, `$1${CENSOR}@`).replace(BEARER_TOKEN, `$1${CENSOR}`);
}

/**
 * A failed query's parameters are the request's data: message texts, phone numbers, a new signing
 * secret. Drizzle quotes them after "params:" in its message and keeps them in `params`; PostgreSQL
 * quotes a row's values in `detail`. The statement and the error say enough without them.
 */
const QUERY_PARAMS = /\nparams: [\s\S]*?(?=\n {4}at |$)/;
/** PostgreSQL's data exceptions quote the value: `value "…" is out of range`, `for type integer: "…"`. */
const QUOTED_VALUE = /(: |value )"[^"\n]*"/g;
const DATA_FIELDS = ["params", "detail"];

function withoutData(serialized: Record<string, unknown>): Record<string, unknown> {
  for (const field of DATA_FIELDS) delete serialized[field];
  for (const field of ["message", "stack"] as const) {
    const value = serialized[field];
    if (typeof value === "string")
      serialized[field] = scrubSecrets(
        value.replace(QUERY_PARAMS, "").replace(QUOTED_VALUE, `$1"${CENSOR}"`),
      );
  }
  const cause = serialized.cause;
  if (typeof cause === "object" && cause !== null) withoutData(cause as Record<string, unknown>);
  return serialized;
}

function scrubbedError(error: Error): Record<string, unknown> {
  return withoutData(pino.stdSerializers.err(error) as unknown as Record<string, unknown>);
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: CENSOR },
      serializers: { err: scrubbedError },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubSecrets(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
