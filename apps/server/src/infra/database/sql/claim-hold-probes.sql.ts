import { sql } from "drizzle-orm";
import type { Instance } from "../../../domain/instance/instance";
import type { Db } from "../database";
import { decodeRow } from "../mappers/decode-row";
import { instanceFromRow } from "../mappers/instance-row";
import { instanceTable } from "../schema";
import { databaseNowPlus } from "./params";
import { queryRows } from "./query-rows";

/**
 * The held instances due for a probe, their next probe moved on in the same statement: whoever
 * runs it owns this round's probe, so any number of processes probe each held instance once.
 * The delay doubles per probe (base × 2^probes, capped), on the database's clock.
 */
export async function claimHoldProbes(
  db: Db,
  limit: number,
  backoff: { baseMs: number; maxMs: number },
): Promise<Instance[]> {
  const delayMs = sql`least(${backoff.maxMs}::float8, ${backoff.baseMs}::float8 * power(2, least(probes, 30)))::int`;
  const rows = await queryRows<{ row: Record<string, unknown> }>(
    db,
    sql`
      update instance set next_probe_at = ${databaseNowPlus(delayMs)}, probes = probes + 1
      where id = any(array(
        select id from instance
        where held_since is not null and next_probe_at <= now() and deleted_at is null
        order by next_probe_at
        limit ${limit}
        for update skip locked))
      returning to_jsonb(instance) as row`,
  );
  return rows.map((r) => instanceFromRow(decodeRow(instanceTable, r.row)));
}
