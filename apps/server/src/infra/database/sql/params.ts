import { type SQL, sql } from "drizzle-orm";

// Raw statements bind text and cast in SQL, so both drivers send the very same parameters.

export function timestamptz(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}

export function jsonb(value: unknown): SQL {
  return sql`${JSON.stringify(value)}::jsonb`;
}

/** One array parameter (a bare array would be spread into a list of parameters). */
export function arrayParam(
  values: readonly (string | number)[],
  type: "uuid" | "int" | "text" | "timestamptz" | "jsonb",
): SQL {
  return sql`${sql.param(values)}::${sql.raw(type)}[]`;
}

/** The database's clock `ms` milliseconds on: hosts compare leases and due times on it, never on their own. */
export function databaseNowPlus(ms: number | SQL): SQL {
  return sql`(now() + ${ms}::int * interval '1 millisecond')`;
}

/** A timestamptz as the ISO text JSON.stringify gives a Date, for event JSON built in SQL. */
export function isoText(timestamp: SQL): SQL {
  return sql`to_char(${timestamp} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
