import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import type { PgliteHandle } from "./database";
import * as schema from "./schema";

/** Embedded PostgreSQL: a data folder, or `memory://` for a throwaway in-process database. */
export function openPglite(dataDir: string): PgliteHandle {
  const client = new PGlite(dataDir);
  const db = drizzle({ client, schema });
  return { kind: "pglite", db, client, close: () => client.close() };
}
