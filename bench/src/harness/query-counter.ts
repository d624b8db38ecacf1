import pg from "pg";

/**
 * Counts every query sent through node-postgres in this process (pools query through clients), so
 * each system's statements per message can be compared without pg_stat_statements. One call is one
 * round trip: node-postgres sends a query and waits for its answer before the next on that client.
 */
export function countQueries(): () => number {
  let count = 0;
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    count += 1;
    return query.apply(this, args);
  };
  return () => count;
}
