import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import type { Db } from "../database";

/**
 * Runs the hot statements (claims, batched outcomes) on the driver's own client, the public path
 * (drizzle's `$client`): a statement name and a per-connection planner setting are driver
 * concerns drizzle does not expose.
 */
export interface HotStatements {
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Several statements on one connection, in one transaction. */
  transaction<T>(work: (statements: HotStatements) => Promise<T>): Promise<T>;
}

/**
 * How a pool's connections were opened (open-postgres.ts). `claims`: a pool of its own whose
 * connections carry PLANNER_WITHOUT_STATISTICS from their start; absent behind a transaction
 * pooler, which keeps no session state and refuses startup settings.
 */
export interface PoolStatements {
  namedStatements: boolean;
  claims?: pg.Pool;
}

/**
 * The claim's plan must not depend on statistics: a burst lands between autovacuum passes (or is
 * too small a share of a large table to trigger one), and on the statistics of an empty table the
 * planner believes the backlog holds one row, so it sorts the whole backlog and checks each lead's
 * order through the instance index: one claim of 50 from 20,000 fresh jobs took 162 s. With sorts
 * priced out, the only plans left walk the runnable index in order and find each lead's first
 * unfinished job through the recipient index: 2 ms, analyzed or not. Sorts that no index can
 * replace (the few rows claimed) still run; their price only made JIT compile them, which an OLTP
 * statement never gains from.
 */
export const PLANNER_WITHOUT_STATISTICS = { enable_sort: "off", jit: "off" } as const;

/** What a claim's transaction sets first where its connection cannot carry the settings. */
const SET_LOCAL_WITHOUT_STATISTICS = Object.entries(PLANNER_WITHOUT_STATISTICS).map(
  ([name, value]) => `set local ${name} = ${value}`,
);

const dialect = new PgDialect();
/** One statement name per distinct text: the same name must always carry the same text. */
const names = new Map<string, string>();
const pools = new WeakMap<pg.Pool, PoolStatements>();

/** Called where the pool is opened, which alone knows how its connections were set up. */
export function registerPoolStatements(pool: pg.Pool, statements: PoolStatements): void {
  pools.set(pool, statements);
}

/** For the completer: statements planned as any other. */
export function hotStatements(db: Db): HotStatements {
  const client = clientOf(db);
  if (client instanceof pg.Pool) return poolStatements(client, poolSetup(client).namedStatements, []);
  return pgliteStatements(client, []);
}

/**
 * For the claim: statements planned without statistics. On the claim's own pool, one round trip
 * per statement; behind a transaction pooler (or on PGlite) each runs in a transaction whose BEGIN
 * carries `SET LOCAL`, sent together in one simple query. A transaction per claim (BEGIN, the
 * settings, the claim, COMMIT) had cost three more round trips: in W0 (bench `--quick`) queries per
 * message fell from 0.30 to 0.17 without them. A SQL function with SET clauses would be one round
 * trip behind a pooler too, but would move the claim's one definition into a migration.
 */
export function claimStatements(db: Db): HotStatements {
  const client = clientOf(db);
  if (client instanceof pg.Pool) {
    const setup = poolSetup(client);
    if (setup.claims !== undefined) return poolStatements(setup.claims, setup.namedStatements, []);
    return inTransactionEach(poolStatements(client, setup.namedStatements, SET_LOCAL_WITHOUT_STATISTICS));
  }
  return inTransactionEach(pgliteStatements(client, SET_LOCAL_WITHOUT_STATISTICS));
}

function clientOf(db: Db): pg.Pool | PGlite {
  // Both drivers' databases have it; their common base type does not say so.
  return (db as unknown as { $client: pg.Pool | PGlite }).$client;
}

function poolSetup(pool: pg.Pool): PoolStatements {
  return pools.get(pool) ?? { namedStatements: false };
}

function inTransactionEach(statements: HotStatements): HotStatements {
  return {
    rows: (query) => statements.transaction((inside) => inside.rows(query)),
    transaction: (work) => statements.transaction(work),
  };
}

/**
 * A named statement is parsed and planned once per connection, then its generic plan reused,
 * instead of spending about as long planning each call as running it. Only for statements whose
 * text takes a few shapes (the values are parameters). Behind a transaction pooler each
 * transaction may run on another server connection, where a statement prepared on the last one
 * does not exist: there they go unnamed.
 */
function queryConfig(query: SQL, named: boolean): pg.QueryConfig {
  const { sql: text, params } = dialect.sqlToQuery(query);
  if (!named) return { text, values: params };
  let name = names.get(text);
  if (name === undefined) {
    name = `whatlead_hot_${names.size + 1}`;
    names.set(text, name);
  }
  return { name, text, values: params };
}

/** `settings`: SET LOCAL statements each transaction starts with. */
function poolStatements(pool: pg.Pool, named: boolean, settings: readonly string[]): HotStatements {
  return {
    rows: async (query) => (await pool.query(queryConfig(query, named))).rows,
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        // Without values, pg sends a simple query: BEGIN and its settings in one round trip.
        await client.query(["begin", ...settings].join("; "));
        const result = await work(clientStatements(client, named));
        await client.query("commit");
        client.release();
        return result;
      } catch (error) {
        // A connection whose rollback fails is broken: the pool drops it.
        const rolledBack = await client.query("rollback").then(
          () => true,
          () => false,
        );
        client.release(!rolledBack);
        throw error;
      }
    },
  };
}

function clientStatements(client: pg.PoolClient, named: boolean): HotStatements {
  const statements: HotStatements = {
    rows: async (query) => (await client.query(queryConfig(query, named))).rows,
    transaction: (work) => work(statements),
  };
  return statements;
}

/** PGlite ignores statement names; its one connection is the whole database. */
function pgliteStatements(client: PGlite, settings: readonly string[]): HotStatements {
  return {
    rows: (query) => pgliteRows(client, query),
    transaction: (work) =>
      client.transaction(async (tx) => {
        if (settings.length > 0) await tx.exec(settings.join("; "));
        const inside: HotStatements = {
          rows: (query) => pgliteRows(tx, query),
          transaction: (w) => w(inside),
        };
        return work(inside);
      }),
  };
}

async function pgliteRows<T>(client: PGlite | Transaction, query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await client.query<T>(text, params)).rows;
}
