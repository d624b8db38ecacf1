import { sql } from "drizzle-orm";
import type { GatewayEventKind, NewGatewayEvent } from "../../../domain/gateway/gateway-event";
import type { Db } from "../database";
import { hotStatements } from "./hot-statements";
import { arrayParam } from "./params";

/** The report's identity in the unique report index. */
const keyOf = (r: {
  provider: string;
  instanceName: string;
  kind: string;
  messageId: string;
  receiptStatus: string | null;
}) => JSON.stringify([r.provider, r.instanceName, r.kind, r.messageId, r.receiptStatus ?? ""]);

/**
 * Stores gateway reports (receipts and send reports) in the inbox (`received`) in one statement,
 * each unless the same report is already stored (the unique report index drops the gateway's
 * repeats, and a repeat within these reports counts as one). Answers, per report, whether it was
 * the one stored.
 *
 * A named statement: its text is the same whatever the reports (they are array parameters), so it
 * is planned once per connection. It notifies nobody: a transaction that notifies holds the
 * cluster's one notification lock through its commit, so every notifying commit on the server
 * flushes alone (eight concurrent inserts committed 106–151 times a second with a NOTIFY and
 * 526–557 without, here), and each post waits for this commit. The process that stored them wakes
 * its own applier; the others find them at their poll.
 */
export async function receiveReports(db: Db, reports: readonly NewGatewayEvent[]): Promise<boolean[]> {
  const firsts = new Map<string, NewGatewayEvent>();
  for (const report of reports) if (!firsts.has(keyOf(report))) firsts.set(keyOf(report), report);
  const unique = [...firsts.values()];
  const column = (pick: (r: NewGatewayEvent) => string, type: "text" | "timestamptz" | "jsonb") =>
    arrayParam(unique.map(pick), type);
  const rows = await hotStatements(db).rows<{
    provider: string;
    instance_name: string;
    kind: GatewayEventKind;
    message_id: string;
    receipt_status: string;
  }>(
    sql`
      insert into gateway_event (provider, instance_name, kind, message_id, receipt_status, occurred_at,
                                 received_at, resolution, payload)
      select provider, instance_name, kind, message_id, receipt_status, occurred_at, received_at,
             'received', payload
      from unnest(${column((r) => r.provider, "text")}, ${column((r) => r.instanceName, "text")},
                  ${column((r) => r.kind, "text")},
                  ${column((r) => r.messageId, "text")}, ${column((r) => r.receiptStatus ?? "", "text")},
                  ${column((r) => r.occurredAt.toISOString(), "timestamptz")},
                  ${column((r) => r.receivedAt.toISOString(), "timestamptz")},
                  ${column((r) => JSON.stringify(r.payload), "jsonb")})
           as given(provider, instance_name, kind, message_id, receipt_status, occurred_at, received_at,
                    payload)
      on conflict do nothing
      returning provider, instance_name, kind, message_id, receipt_status`,
  );
  const stored = new Set(
    rows.map((row) =>
      keyOf({
        provider: row.provider,
        instanceName: row.instance_name,
        kind: row.kind,
        messageId: row.message_id,
        receiptStatus: row.receipt_status,
      }),
    ),
  );
  return reports.map((report) => firsts.get(keyOf(report)) === report && stored.has(keyOf(report)));
}
