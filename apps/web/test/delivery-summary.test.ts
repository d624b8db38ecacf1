import { describe, expect, it } from "vitest";
import type { Intent } from "../src/api/types";
import { deliverySummary } from "../src/delivery-summary";
import { formatClock } from "../src/format";

const SENT_AT = "2030-01-01T12:00:00.000Z";

function sent(overrides: Partial<Intent> = {}): Intent {
  return {
    id: "3f0b6c1e-0000-4000-8000-000000000000",
    target: { kind: "PHONE", value: "+55 11 98765-4301" },
    purpose: "DISPATCH",
    status: "SENT",
    decidedByInstanceId: null,
    blockedReason: null,
    queuedUntil: null,
    createdAt: SENT_AT,
    updatedAt: SENT_AT,
    sentAt: SENT_AT,
    failedAt: null,
    deliveredAt: null,
    readAt: null,
    playedAt: null,
    type: "TEXT",
    payload: { text: "oi" },
    ...overrides,
  } as Intent;
}

const at = (minutes: number) => new Date(Date.parse(SENT_AT) + minutes * 60_000);

describe("delivery summary", () => {
  it("says when the phone reported delivery and reading", () => {
    const delivered = at(3).toISOString();
    const read = at(5).toISOString();
    expect(deliverySummary(sent({ deliveredAt: delivered, readAt: read }), at(6))).toBe(
      `delivered ${formatClock(at(3))}, read ${formatClock(at(5))}`,
    );
    expect(deliverySummary(sent({ deliveredAt: delivered }), at(60))).toBe(`delivered ${formatClock(at(3))}`);
  });

  it("warns about a sent message without any receipt after 10 minutes, not before", () => {
    expect(deliverySummary(sent(), at(9))).toBeNull();
    expect(deliverySummary(sent(), at(10))).toBe("no receipt after 10 min");
    expect(deliverySummary(sent({ status: "APPROVED", sentAt: null }), at(60))).toBeNull();
  });
});
