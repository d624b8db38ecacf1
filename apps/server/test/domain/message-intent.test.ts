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
  function approvedJob() {
    const intent = newIntent();
    intent.approve("inst-1", now, "gate");
    return MessageExecutionJob.create({ id: "j-1", intent, provider: "turbozap", maxAttempts: 3, now }).job;
  }

  it("cannot be created for an intent that is not approved", () => {
    expect(() =>
      MessageExecutionJob.create({ id: "j", intent: newIntent(), provider: "turbozap", maxAttempts: 3, now }),
    ).toThrow(/not APPROVED/);
  });

  it("grows attempts only on claim and sets executedAt only with SENT", () => {
    const job = approvedJob();
    const fence = job.claim("w1", new Date(now.getTime() + 1000), now);
    expect(job.attempts).toBe(1);
    expect(job.scheduleRetry(fence, { code: "HTTP_500", message: "boom" }, now, now)).toBe(true);
    expect(job.toProps()).toMatchObject({ status: "RETRY", attempts: 1, executedAt: null });
    const second = job.claim("w2", new Date(now.getTime() + 1000), now);
    expect(job.succeed(second, "3EB0AAAAAAAAAAAAAAAAAA", now)).toBe(true);
    expect(job.toProps()).toMatchObject({ status: "SENT", attempts: 2, executedAt: now });
  });

  it("ignores an outcome under a stale fence", () => {
    const job = approvedJob();
    const first = job.claim("w1", now, now);
    job.scheduleRetry(first, { code: "X", message: "x" }, now, now);
    job.claim("w2", now, now);
    expect(job.succeed(first, "3EB0AAAAAAAAAAAAAAAAAA", now)).toBe(false);
    expect(job.status).toBe("PROCESSING");
  });

  it("is not claimable before its next attempt time", () => {
    const job = approvedJob();
    const fence = job.claim("w1", now, now);
    job.scheduleRetry(fence, { code: "X", message: "x" }, new Date(now.getTime() + 5000), now);
    expect(job.isClaimable(now)).toBe(false);
    expect(() => job.claim("w2", now, now)).toThrow(IllegalTransitionError);
  });
});
