import type { GatewayEvent } from "../../../domain/gateway/gateway-event";
import type { ReceiptStatus } from "../../../domain/intent/delivery-receipt";
import type { GatewayEventRow } from "../schema";

export function gatewayEventFromRow(row: GatewayEventRow): GatewayEvent {
  return {
    id: String(row.id),
    provider: row.provider,
    instanceName: row.instanceName,
    kind: row.kind,
    messageId: row.messageId,
    receiptStatus: row.receiptStatus === "" ? null : (row.receiptStatus as ReceiptStatus),
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
    resolution: row.resolution,
    resolvedAt: row.resolvedAt,
    payload: row.payload,
  };
}
