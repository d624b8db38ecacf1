import { MessageIntent } from "../../../domain/intent/message-intent";
import type { MessageContent } from "../../../domain/intent/message-payload";
import type { MessageIntentRow } from "../schema";

export function intentFromRow(row: MessageIntentRow): MessageIntent {
  // Written together from one MessageContent (see intentToRow), so type and payload always match.
  const content = { type: row.type, payload: row.payload } as MessageContent;
  return MessageIntent.fromProps({
    id: row.id,
    organizationId: row.organizationId,
    target: { kind: row.targetKind, value: row.targetValue },
    purpose: row.purpose,
    priority: row.priority,
    ...content,
    status: row.status,
    decidedByInstanceId: row.decidedByInstanceId,
    blockedReason: row.blockedReason,
    queuedUntil: row.queuedUntil,
    sendAt: row.sendAt,
    typing: row.typing,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    sentAt: row.sentAt,
    failedAt: row.failedAt,
    deliveredAt: row.deliveredAt,
    readAt: row.readAt,
    playedAt: row.playedAt,
    traceparent: row.traceparent,
  });
}

export function intentToRow(intent: MessageIntent): MessageIntentRow {
  const p = intent.toProps();
  return {
    id: p.id,
    organizationId: p.organizationId,
    targetKind: p.target.kind,
    targetValue: p.target.value,
    type: p.type,
    purpose: p.purpose,
    priority: p.priority,
    payload: p.payload,
    status: p.status,
    decidedByInstanceId: p.decidedByInstanceId,
    blockedReason: p.blockedReason,
    queuedUntil: p.queuedUntil,
    sendAt: p.sendAt,
    typing: p.typing,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    sentAt: p.sentAt,
    failedAt: p.failedAt,
    deliveredAt: p.deliveredAt,
    readAt: p.readAt,
    playedAt: p.playedAt,
    traceparent: p.traceparent,
  };
}
