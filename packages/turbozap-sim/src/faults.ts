import type { SimFaults } from "./types";

export function zeroFaults(): SimFaults {
  return {
    latencyMs: 0,
    latencyJitterMs: 0,
    error500Rate: 0,
    hangRate: 0,
    resetAfterSendRate: 0,
    forbiddenButSentRate: 0,
  };
}

const FAULT_KEYS = Object.keys(zeroFaults()) as (keyof SimFaults)[];

/** Merges only known numeric keys, so a typo sent to POST /_sim/faults cannot poison the state. */
export function mergeFaults(target: SimFaults, patch: Partial<Record<keyof SimFaults, unknown>>): void {
  for (const key of FAULT_KEYS) {
    const value = patch[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) target[key] = value;
  }
}

export function roll(rate: number): boolean {
  return rate > 0 && Math.random() < rate;
}

export function latencyFor(faults: SimFaults): number {
  const jitter = faults.latencyJitterMs > 0 ? Math.random() * faults.latencyJitterMs : 0;
  return faults.latencyMs + jitter;
}
