import { sql } from "drizzle-orm";
import type { NewGatewayEvent } from "../../../domain/gateway/gateway-event";
import type { Db } from "../database";
import { hotStatements } from "./hot-statements";
import { arrayParam } from "./params";

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
 * receipts counts as one). Answers, per receipt, whether it was the one stored.
 *
 * A named statement: its text is the same whatever the receipts (they are array parameters), so it
 * is planned once per connection. It notifies nobody: a transaction that notifies holds the
 * cluster's one notification lock through its commit, so every notifying commit on the server
 * flushes alone (eight concurrent inserts committed 106–151 times a second with a NOTIFY and
 * 526–557 without, here), and each post waits for this commit. The process that stored them wakes
 * its own applier; the others find them at their poll.
 */
export async function receiveReceipts(db: Db, receipts: readonly NewGatewayEvent[]): Promise<boolean[]> {
  const firsts = new Map<string, NewGatewayEvent>();
  for (const receipt of receipts) if (!firsts.has(keyOf(receipt))) firsts.set(keyOf(receipt), receipt);
  const unique = [...firsts.values()];
  const column = (pick: (r: NewGatewayEvent) => string, type: "text" | "timestamptz" | "jsonb") =>
    arrayParam(unique.map(pick), type);
  const rows = await hotStatements(db).rows<{
    provider: string;
    instance_name: string;
    message_id: string;
    receipt_status: string;
  }>(
    sql`
      insert into gateway_event (provider, instance_name, kind, message_id, receipt_status, occurred_at,
                                 received_at, resolution, payload)
      select provider, instance_name, 'receipt', message_id, receipt_status, occurred_at, received_at,
             'received', payload
      from unnest(${column((r) => r.provider, "text")}, ${column((r) => r.instanceName, "text")},
                  ${column((r) => r.messageId, "text")}, ${column((r) => r.receiptStatus ?? "", "text")},
                  ${column((r) => r.occurredAt.toISOString(), "timestamptz")},
                  ${column((r) => r.receivedAt.toISOString(), "timestamptz")},
                  ${column((r) => JSON.stringify(r.payload), "jsonb")})
           as given(provider, instance_name, message_id, receipt_status, occurred_at, received_at, payload)
      on conflict do nothing
      returning provider, instance_name, message_id, receipt_status`,
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
