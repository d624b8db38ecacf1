import pino, { type Logger } from "pino";

export type { Logger };

/** Secrets are redacted wherever they might be logged: headers, config, error contexts. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  "headers.authorization",
  'headers["x-api-key"]',
  "apiKey",
  "*.apiKey",
  "TURBOZAP_API_KEY",
  "DATABASE_URL",
  "BOOTSTRAP_API_KEY",
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } });
}
