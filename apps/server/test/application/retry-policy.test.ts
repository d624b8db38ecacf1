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

  it("with an age, keeps retrying past maxAttempts while the retry is due within the age of the first due time", () => {
    const hour = 3_600_000;
    const policy = new RetryPolicy({
      baseDelayMs: 1000,
      maxDelayMs: 300_000,
      maxAgeMs: 24 * hour,
      random: () => 1,
    });
    const since = new Date(now.getTime() - hour);
    // An hour into a gateway outage, the sixth failure of a fresh job retries, the ceiling minutes away.
    expect(policy.decide(12, 5, now, since)).toEqual({
      retry: true,
      delayMs: 300_000,
      nextAttemptAt: new Date(now.getTime() + 300_000),
    });
    // Both spent: attempts over and the next retry would land past the age.
    const old = new Date(now.getTime() - 24 * hour + 299_999);
    expect(policy.decide(12, 5, now, old)).toEqual({ retry: false });
    // Attempts left: an old job still gets them.
    expect(policy.decide(2, 5, now, old)).toMatchObject({ retry: true });
    // No age set, or no first due time: attempts alone decide.
    expect(new RetryPolicy({ baseDelayMs: 1000, maxDelayMs: 300_000 }).decide(5, 5, now, since)).toEqual({
      retry: false,
    });
    expect(policy.decide(5, 5, now)).toEqual({ retry: false });
  });
});
