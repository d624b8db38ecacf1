import { randomUUID } from "node:crypto";
import type { Harness } from "./executor-harness";

/** Writes one MessageIntentBlocked on the organization's timeline, as the gate would: it fans out to webhooks. */
export async function recordBlockedIntent(
  h: Pick<Harness, "persistence">,
  organizationId: string,
): Promise<void> {
  await h.persistence.repos.timeline.append([
    {
      type: "MessageIntentBlocked",
      organizationId,
      intentId: randomUUID(),
      occurredAt: new Date(),
      actor: "test",
      reason: "test",
    },
  ]);
}
