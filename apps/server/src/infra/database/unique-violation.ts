// Drizzle wraps driver errors in DrizzleQueryError; the driver's own error is its `cause`.
interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

/** True when `error` (or what it wraps) is a PostgreSQL error with SQLSTATE `code` (on `constraint`, if given). */
export function hasSqlState(error: unknown, code: string, constraint?: string): boolean {
  for (let current = error; typeof current === "object" && current !== null; ) {
    const fields = current as PgErrorFields;
    if (fields.code === code && (constraint === undefined || fields.constraint === constraint)) return true;
    current = fields.cause;
  }
  return false;
}

/** True when `error` (or what it wraps) is PostgreSQL's unique violation of `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return hasSqlState(error, "23505", constraint);
}
