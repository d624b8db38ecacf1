import { type SQL, sql } from "drizzle-orm";

/** `now() - age`, on the database's clock, so that every host agrees on what is old. */
export function retentionCutoff(ageSeconds: number): SQL {
  return sql`now() - ${String(ageSeconds)}::float8 * interval '1 second'`;
}
