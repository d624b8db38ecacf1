/** What a "cannot send now" answer holds: the one number, or every number of its gateway (a circuit breaker). */
export type HoldScope = "instance" | "gateway";
