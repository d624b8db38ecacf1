import { expect, it } from "vitest";
import { ReceiveDeliveryReceiptUseCase } from "../../src/application/use-cases/receive-delivery-receipt";
import type { NewGatewayEvent } from "../../src/domain/gateway/gateway-event";

const NOW = new Date("2026-12-01T12:00:00Z");

function receiving() {
  const stored: NewGatewayEvent[] = [];
  const inbox = {
    store: async (event: NewGatewayEvent) => {
      stored.push(event);
      return true;
    },
  };
  return { stored, receive: new ReceiveDeliveryReceiptUseCase(inbox, { now: () => NOW }, () => {}) };
}

const report = (occurredAt: Date) => ({
  provider: "turbozap",
  instanceName: "i-1",
  messageId: "3EB0AAAA",
  status: "delivered" as const,
  occurredAt,
  payload: {},
});

it("dates a receipt no later than its arrival: a gateway clock ahead of ours cannot date it in the future", async () => {
  const { stored, receive } = receiving();
  await receive.execute(report(new Date("2027-03-01T00:00:00Z")));
  await receive.execute(report(new Date("2026-12-01T11:59:00Z")));
  expect(stored.map((event) => event.occurredAt)).toEqual([NOW, new Date("2026-12-01T11:59:00Z")]);
});
