import { sql } from "drizzle-orm";
import type { NewGatewayEvent } from "../../../domain/gateway/gateway-event";
import type { Db } from "../database";
import { RECEIPT_RECEIVED_CHANNEL } from "../notification-channels";
import { arrayParam } from "./params";
import { queryRows } from "./query-rows";

/** The report's identity in the unique report index. */
const keyOf = (r: {
  provider: string;
  instanceName: string;
  messageId: string;
  receiptStatus: string | null;
}) => JSON.stringify([r.provider, r.instanceName, r.messageId, r.receiptStatus ?? ""]);

/**
 * Stores receipts in the inbox (`received`) in one statement, each unless the same report is
 * already stored (the unique report index drops the gateway's repeats, and a repeat within these
 * receipts counts as one), and tells every process's applier in the same commit. Answers, per
 * receipt, whether it was the one stored.
 */
export async function receiveReceipts(db: Db, receipts: readonly NewGatewayEvent[]): Promise<boolean[]> {
  const firsts = new Map<string, NewGatewayEvent>();
  for (const receipt of receipts) if (!firsts.has(keyOf(receipt))) firsts.set(keyOf(receipt), receipt);
  const unique = [...firsts.values()];
  const column = <T extends string>(pick: (r: NewGatewayEvent) => T) => unique.map(pick);
  const rows = await queryRows<{
    provider: string;
    instance_name: string;
    message_id: string;
    receipt_status: string;
  }>(
    db,
    sql`
      with stored as (
        insert into gateway_event (provider, instance_name, kind, message_id, receipt_status, occurred_at,
                                   received_at, resolution, payload)
        select provider, instance_name, 'receipt', message_id, receipt_status, occurred_at, received_at,
               'received', payload
        from unnest(${arrayParam(
          column((r) => r.provider),
          "text",
        )},
                    ${arrayParam(
                      column((r) => r.instanceName),
                      "text",
                    )},
                    ${arrayParam(
                      column((r) => r.messageId),
                      "text",
                    )},
                    ${arrayParam(
                      column((r) => r.receiptStatus ?? ""),
                      "text",
                    )},
                    ${arrayParam(
                      column((r) => r.occurredAt.toISOString()),
                      "timestamptz",
                    )},
                    ${arrayParam(
                      column((r) => r.receivedAt.toISOString()),
                      "timestamptz",
                    )},
                    ${arrayParam(
                      column((r) => JSON.stringify(r.payload)),
                      "jsonb",
                    )})
             as given(provider, instance_name, message_id, receipt_status, occurred_at, received_at, payload)
        on conflict do nothing
        returning provider, instance_name, message_id, receipt_status
      ), told as (select pg_notify(${RECEIPT_RECEIVED_CHANNEL}, '') where exists (select 1 from stored))
      select stored.* from stored left join told on true`,
  );
  const stored = new Set(
    rows.map((row) =>
      keyOf({
        provider: row.provider,
        instanceName: row.instance_name,
        messageId: row.message_id,
        receiptStatus: row.receipt_status,
      }),
    ),
  );
  return receipts.map((receipt) => firsts.get(keyOf(receipt)) === receipt && stored.has(keyOf(receipt)));
}
