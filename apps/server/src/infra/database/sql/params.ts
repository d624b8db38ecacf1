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
