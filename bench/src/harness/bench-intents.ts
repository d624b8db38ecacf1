import { randomUUID } from "node:crypto";
import type { BenchIntent } from "../systems/bench-system";

export function instanceNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-${i + 1}`);
}

/** Recipient of the n-th intent: unique digits, so the simulator can tell every intent's sends apart. */
export function recipient(n: number): string {
  return `5511${String(n).padStart(9, "0")}`;
}

/** `count` intents spread round-robin over `instances`, numbered from `first`. */
export function benchIntents(count: number, instances: readonly string[], first = 1): BenchIntent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    instance: instances[i % instances.length] as string,
    to: recipient(first + i),
  }));
}
