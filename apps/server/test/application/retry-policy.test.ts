import { describe, expect, it } from "vitest";
import { RetryPolicy } from "../../src/application/policies/retry-policy";

const now = new Date("2026-01-01T00:00:00Z");

describe("RetryPolicy", () => {
  it("doubles the ceiling each attempt and keeps the delay in [ceiling/2, ceiling]", () => {
    const low = new RetryPolicy({ baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 0 });
    const high = new RetryPolicy({ baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 1 });
    expect([1, 2, 3, 4].map((n) => low.delayMs(n))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => high.delayMs(n))).toEqual([1000, 2000, 4000, 8000]);
  });

  it("caps the delay at maxDelayMs", () => {
    const policy = new RetryPolicy({ baseDelayMs: 1000, maxDelayMs: 5000, random: () => 1 });
    expect(policy.delayMs(10)).toBe(5000);
  });

  it("retries while attempts remain and stops at maxAttempts", () => {
    const policy = new RetryPolicy({ baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 0.5 });
    expect(policy.decide(4, 5, now)).toEqual({
      retry: true,
      delayMs: 6000,
      nextAttemptAt: new Date(now.getTime() + 6000),
    });
    expect(policy.decide(5, 5, now)).toEqual({ retry: false });
    expect(policy.decide(1, 1, now)).toEqual({ retry: false });
  });
});
