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

/** A `POST /v1/intents:batch` body: `size` text intents to recipients numbered from `first`, approved on `instanceId`. */
export function approvedBatch(instanceId: string | undefined, first: number, size: number) {
  return {
    instanceId,
    actor: "bench",
    items: Array.from({ length: size }, (_, i) => ({
      target: { kind: "PHONE", value: recipient(first + i) },
      purpose: "DISPATCH",
      type: "TEXT",
      payload: { text: "bench" },
    })),
  };
}
