import type {
  GatewayEvent,
  GatewayEventKind,
  GatewayEventResolution,
  NewGatewayEvent,
} from "../../domain/gateway/gateway-event";
import type { GatewayEventRepository } from "../../domain/gateway/gateway-event-repository";
import type { StoreAccess } from "./in-memory-store";

function sameReport(a: NewGatewayEvent, b: NewGatewayEvent): boolean {
  return (
    a.provider === b.provider &&
    a.instanceName === b.instanceName &&
    a.kind === b.kind &&
    a.messageId === b.messageId &&
    a.receiptStatus === b.receiptStatus
  );
}

export class InMemoryGatewayEventRepository implements GatewayEventRepository {
  constructor(private readonly access: StoreAccess) {}

  store(event: NewGatewayEvent): Promise<void> {
    return this.access((state) => {
      if (state.gatewayEvents.some((kept) => sameReport(kept, event))) return;
      state.lastGatewayEventId += 1;
      state.gatewayEvents.push({
        ...structuredClone(event),
        id: String(state.lastGatewayEventId),
        resolvedAt: null,
      });
    });
  }

  listPending(kind: GatewayEventKind, limit: number): Promise<GatewayEvent[]> {
    return this.access((state) =>
      state.gatewayEvents
        .filter((event) => event.kind === kind && event.resolution === "pending")
        .slice(0, Math.max(0, limit))
        .map((event) => structuredClone(event)),
    );
  }

  listSettleableReceipts(limit: number): Promise<GatewayEvent[]> {
    return this.access((state) => {
      const known = new Set([...state.jobs.values()].map((job) => job.providerMessageId));
      return state.gatewayEvents
        .filter(
          (event) => event.kind === "receipt" && event.resolution === "pending" && known.has(event.messageId),
        )
        .slice(0, Math.max(0, limit))
        .map((event) => structuredClone(event));
    });
  }

  expirePending(receivedBefore: Date, now: Date): Promise<number> {
    return this.access((state) => {
      const stale = state.gatewayEvents.filter(
        (event) => event.resolution === "pending" && event.receivedAt.getTime() < receivedBefore.getTime(),
      );
      for (const event of stale) Object.assign(event, { resolution: "unmatched", resolvedAt: now });
      return stale.length;
    });
  }

  resolve(id: string, resolution: Exclude<GatewayEventResolution, "pending">, now: Date): Promise<void> {
    return this.access((state) => {
      const event = state.gatewayEvents.find((kept) => kept.id === id);
      if (event && event.resolution === "pending") Object.assign(event, { resolution, resolvedAt: now });
    });
  }

  list(limit: number): Promise<GatewayEvent[]> {
    return this.access((state) =>
      [...state.gatewayEvents]
        .reverse()
        .slice(0, Math.max(0, limit))
        .map((event) => structuredClone(event)),
    );
  }
}
