import type { Config } from "../config/config";

/**
 * Where LISTEN can run: a session on PostgreSQL itself. A transaction pooler hands each transaction
 * another server connection, so a LISTEN through it hears nothing; without DATABASE_DIRECT_URL the
 * loops poll.
 */
export function listenUrl(
  config: Pick<Config, "DATABASE_URL" | "DATABASE_DIRECT_URL" | "DATABASE_POOL_MODE">,
): string | null {
  if (config.DATABASE_DIRECT_URL) return config.DATABASE_DIRECT_URL;
  return config.DATABASE_URL && config.DATABASE_POOL_MODE === "session" ? config.DATABASE_URL : null;
}
