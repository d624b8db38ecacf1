import { describe, expect, it } from "vitest";
import { MessageIntent } from "../../src/domain/intent/message-intent";
import { MessageExecutionJob } from "../../src/domain/job/message-execution-job";
import { IllegalTransitionError } from "../../src/domain/shared/domain-error";

const now = new Date("2026-01-01T00:00:00Z");

function newIntent() {
  return MessageIntent.create({
    id: "i-1",
    organizationId: "org",
    target: { kind: "PHONE", value: "5511999999999" },
    purpose: "DISPATCH",
    content: { type: "TEXT", payload: { text: "hi" } },
    now,
  }).intent;
}

describe("MessageIntent", () => {
  it("approves a pending intent on an instance and says so in its event", () => {
    const intent = newIntent();
    const event = intent.approve("inst-1", now, "gate");
    expect(intent.status).toBe("APPROVED");
    expect(intent.decidedByInstanceId).toBe("inst-1");
    expect(event).toMatchObject({
      type: "MessageIntentApproved",
      instanceId: "inst-1",
      intentId: "i-1",
      actor: "gate",
    });
  });

  it("refuses illegal moves", () => {
    const intent = newIntent();
    expect(() => intent.markSent(now)).toThrow(IllegalTransitionError);
    intent.block("NO_ELIGIBLE_INSTANCE", now, "gate");
    expect(() => intent.approve("inst-1", now, "gate")).toThrow(IllegalTransitionError);
  });

  it("records sentAt only when it becomes SENT", () => {
    const intent = newIntent();
    intent.approve("inst-1", now, "gate");
    expect(intent.toProps().sentAt).toBeNull();
    intent.markSent(now);
    expect(intent.toProps()).toMatchObject({ status: "SENT", sentAt: now });
  });
});

describe("MessageExecutionJob", () => {
  it("cannot be created for an intent that is not approved", () => {
    expect(() =>
      MessageExecutionJob.create({ id: "j", intent: newIntent(), provider: "turbozap", maxAttempts: 3, now }),
    ).toThrow(/not APPROVED/);
  });
});
