import type { MessageIntent } from "../../domain/intent/message-intent";
import { ApplicationError } from "../application-error";
import type { Repositories } from "../ports/unit-of-work";

/** Locks the intent for the rest of the unit of work; another organization's intent is "not found". */
export async function loadIntentForUpdate(
  repos: Repositories,
  organizationId: string,
  intentId: string,
): Promise<MessageIntent> {
  const intent = await repos.intents.findById(intentId, { forUpdate: true });
  if (!intent || intent.organizationId !== organizationId) {
    throw new ApplicationError("INTENT_NOT_FOUND", `intent ${intentId} not found`);
  }
  return intent;
}
