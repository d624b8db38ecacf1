/** The faults every simulated gateway takes; each sim adds its own quirks' rates beside them. */
export interface CommonFaults {
  /** Added before answering every send that reaches the WhatsApp step. */
  latencyMs: number;
  /** Uniform extra delay in 0..latencyJitterMs. */
  latencyJitterMs: number;
  /** 0..1: answer the gateway's 500 for a failed send without recording a send. */
  error500Rate: number;
  /** 0..1: record the send, then never answer (the socket is held until the client gives up or close()). */
  hangRate: number;
  /** 0..1: record the send, then destroy the socket without answering. */
  resetAfterSendRate: number;
  /** 0..1: a presence call answers the gateway's failure and shows nothing. */
  presenceErrorRate: number;
  /** 0..1: a presence call shows, then is never answered (held until the client gives up or close()). */
  presenceHangRate: number;
}

export function commonZeroFaults(): CommonFaults {
  return {
    latencyMs: 0,
    latencyJitterMs: 0,
    error500Rate: 0,
    hangRate: 0,
    resetAfterSendRate: 0,
    presenceErrorRate: 0,
    presenceHangRate: 0,
  };
}

/**
 * Merges only the keys the target already has, as non-negative numbers, so a typo sent to
 * POST /_sim/faults cannot poison the state.
 */
export function mergeFaults<T extends object>(target: T, patch: Partial<Record<keyof T, unknown>>): void {
  for (const key of Object.keys(target) as (keyof T)[]) {
    const value = patch[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
      (target as Record<keyof T, unknown>)[key] = value;
    }
  }
}

export function roll(rate: number): boolean {
  return rate > 0 && Math.random() < rate;
}

export function latencyFor(faults: CommonFaults): number {
  const jitter = faults.latencyJitterMs > 0 ? Math.random() * faults.latencyJitterMs : 0;
  return faults.latencyMs + jitter;
}
