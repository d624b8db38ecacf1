import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/infra/http/rate-limiter";

describe("RateLimiter", () => {
  it("allows a minute's worth at once, then refills steadily, per key", () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBe(1_000);
    expect(limiter.take("b")).toBe(0);
    now += 500;
    expect(limiter.take("a")).toBe(500);
    now += 500;
    expect(limiter.take("a")).toBe(0);
    now += 3_600_000;
    for (let i = 0; i < 60; i++) expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBeGreaterThan(0);
  });
});
