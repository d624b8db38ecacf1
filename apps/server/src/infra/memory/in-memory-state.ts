import type { StoredResponse } from "../../application/ports/idempotency-repository";
import type { GatewayEvent } from "../../domain/gateway/gateway-event";
import type { Instance } from "../../domain/instance/instance";
import type { OrganizationPause } from "../../domain/instance/organization-pause";
import type { MessageIntentProps } from "../../domain/intent/message-intent";
import type { MessageExecutionJobProps } from "../../domain/job/message-execution-job";
import type { DomainEventJson } from "../database/mappers/domain-event-json";

/** A timeline row as the database keeps it: the event as JSON, so reads revive it the same way. */
export interface StoredTimelineEvent {
  id: number;
  intentId: string;
  data: DomainEventJson;
}

/**
 * The rows of every table. Entities are stored as copies of their props, never as live objects,
 * so a caller changing an entity changes nothing until it saves it, as with a database.
 */
export interface InMemoryState {
  instances: Map<string, Instance>;
  intents: Map<string, MessageIntentProps>;
  jobs: Map<string, MessageExecutionJobProps>;
  organizationPauses: Map<string, OrganizationPause>;
  timeline: StoredTimelineEvent[];
  lastTimelineId: number;
  gatewayEvents: GatewayEvent[];
  lastGatewayEventId: number;
  /** By organization and key; `response` is null only inside the unit that claimed the key. */
  idempotencyKeys: Map<string, StoredIdempotencyKey>;
}

export interface StoredIdempotencyKey {
  requestHash: string;
  expiresAt: Date;
  response: StoredResponse | null;
}

export function emptyState(): InMemoryState {
  return {
    instances: new Map(),
    intents: new Map(),
    jobs: new Map(),
    organizationPauses: new Map(),
    timeline: [],
    lastTimelineId: 0,
    idempotencyKeys: new Map(),
    gatewayEvents: [],
    lastGatewayEventId: 0,
  };
}
