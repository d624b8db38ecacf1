import { type SQL, sql } from "drizzle-orm";

/** A literal `'A', 'B'` list for CHECK constraints and partial indexes, built from the domain's own constants. */
export function sqlValues(values: readonly string[]): SQL {
  return sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", "));
}
