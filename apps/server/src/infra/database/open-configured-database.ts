import { mkdirSync } from "node:fs";
import type { Database } from "./database";
import { openPglite } from "./open-pglite";
import { openPostgres, type PoolMode } from "./open-postgres";

export interface DatabaseConfig {
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_SIZE: number;
  DATABASE_POOL_MODE: PoolMode;
  DATA_DIR: string;
}

/** PostgreSQL at DATABASE_URL, or else the embedded PGlite in DATA_DIR: the server and the CLI agree. */
export function openConfiguredDatabase(
  config: DatabaseConfig,
  onIdleClientError?: (error: Error) => void,
): Database {
  if (config.DATABASE_URL) {
    return openPostgres(config.DATABASE_URL, {
      max: config.DATABASE_POOL_SIZE,
      poolMode: config.DATABASE_POOL_MODE,
      ...(onIdleClientError ? { onIdleClientError } : {}),
    });
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  return openPglite(config.DATA_DIR);
}
