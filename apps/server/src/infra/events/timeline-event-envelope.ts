/**
 * How a timeline event leaves the service, on the live stream and in webhook bodies alike:
 * `id` is the timeline id, the event's own fields sit under `data`.
 */
export function timelineEventEnvelope(timelineId: string, event: object) {
  const {
    type,
    occurredAt,
    actor,
    intentId,
    organizationId: _org,
    ...data
  } = event as Record<string, unknown>;
  return { id: timelineId, type, intentId, occurredAt, actor, data };
}
