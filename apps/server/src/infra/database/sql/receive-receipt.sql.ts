import { sql } from "drizzle-orm";
import type { NewGatewayEvent } from "../../../domain/gateway/gateway-event";
import type { Db } from "../database";
import { RECEIPT_RECEIVED_CHANNEL } from "../notification-channels";
import { jsonb, timestamptz } from "./params";
import { queryRows } from "./query-rows";

/**
 * Stores a receipt in the inbox (`received`) unless the same report is already stored (the unique
 * report index drops the gateway's repeats), and tells every process's applier, all in one
 * statement: the gateway's answer waits for nothing else. True when it was stored.
 */
export async function receiveReceipt(db: Db, receipt: NewGatewayEvent): Promise<boolean> {
  const rows = await queryRows<{ stored: boolean }>(
    db,
    sql`
      with stored as (
        insert into gateway_event (provider, instance_name, kind, message_id, receipt_status, occurred_at,
                                   received_at, resolution, payload)
        values (${receipt.provider}, ${receipt.instanceName}, 'receipt', ${receipt.messageId},
                ${receipt.receiptStatus ?? ""}, ${timestamptz(receipt.occurredAt)},
                ${timestamptz(receipt.receivedAt)}, 'received', ${jsonb(receipt.payload)})
        on conflict do nothing
        returning id
      )
      select count(pg_notify(${RECEIPT_RECEIVED_CHANNEL}, '')) > 0 as stored from stored`,
  );
  return rows[0]?.stored === true;
}
