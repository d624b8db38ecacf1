import type { IntentPurpose } from "./message-payload";

/** Most urgent first: a message's rank is its index here, and claims take lower ranks first. */
export const INTENT_PRIORITIES = ["HIGH", "NORMAL", "LOW"] as const;
export type IntentPriority = (typeof INTENT_PRIORITIES)[number];

/** Warm-up chatter must never hold back real conversations, so it defaults to LOW; the rest to NORMAL. */
export function defaultPriorityFor(purpose: IntentPurpose): IntentPriority {
  return purpose === "WARMUP" ? "LOW" : "NORMAL";
}

export function priorityRank(priority: IntentPriority): number {
  return INTENT_PRIORITIES.indexOf(priority);
}
