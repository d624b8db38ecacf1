/**
 * A token bucket per key (an API key, a client address), in this process's memory: with several
 * API processes each one allows the full rate. `take` answers 0 when the request may go on,
 * otherwise the milliseconds until a token is back; `waitFor` answers the same without taking.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(key: string): number {
    const bucket = this.refilled(key);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.untilNextToken(bucket.tokens);
  }

  waitFor(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = this.refilled(key).tokens;
    return tokens >= 1 ? 0 : this.untilNextToken(tokens);
  }

  private refilled(key: string): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    return bucket;
  }

  private untilNextToken(tokens: number): number {
    return Math.ceil((1 - tokens) / this.perMs);
  }
}
