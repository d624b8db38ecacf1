import { roll } from "@whatlead/sim-kit";
import {
  INSTANCE_NOT_FOUND_MESSAGE,
  INVALID_BODY_MESSAGE,
  NOT_CONNECTED_MESSAGE,
  sendData,
  sendError,
} from "../envelope";
import { isReadyToSend, isSocketUp } from "../instance";
import { normalizeRecipient } from "../recipient";
import { readRequestBody } from "../request-body";
import type { AuthedCall } from "../route-call";

/** /api/presence/:instance/{action} → what the chat shows; `clear` sets `paused`. */
const PRESENCE_STATES = { composing: "composing", recording: "recording", clear: "paused" } as const;
export type PresenceAction = keyof typeof PRESENCE_STATES;

export function isPresenceAction(action: string): action is PresenceAction {
  return Object.hasOwn(PRESENCE_STATES, action);
}

const FAILURE_MESSAGES: Record<PresenceAction, string> = {
  composing: "Failed to set composing presence",
  recording: "Failed to set recording presence",
  clear: "Failed to clear presence",
};

/**
 * POST /api/presence/:instance/{composing,recording,clear} {to}: the instance first (404, not
 * connected 400), then the body; the presence stays until a message goes or it is cleared.
 */
export async function handlePresence(call: AuthedCall, instanceName: string, action: PresenceAction) {
  const { res, ctx } = call;
  const instance = ctx.registry.get(instanceName);
  if (instance === undefined) return sendError(res, 404, INSTANCE_NOT_FOUND_MESSAGE);
  if (!isSocketUp(instance)) return sendError(res, 400, NOT_CONNECTED_MESSAGE);
  const decoded = await readRequestBody(call, { to: "string" });
  if (!decoded.ok) return;
  if (decoded.body === undefined) return sendError(res, 400, INVALID_BODY_MESSAGE);
  const to = (decoded.body.to as string | undefined) ?? "";
  if (to === "") return sendError(res, 400, "Chat JID is required");
  const chat = normalizeRecipient(to);
  if (chat === undefined) return sendError(res, 400, "Invalid chat JID");
  // whatsmeow refuses a presence without a paired session, like a send.
  if (!isReadyToSend(instance) || roll(ctx.faults.presenceErrorRate))
    return sendError(res, 500, FAILURE_MESSAGES[action]);
  const state = PRESENCE_STATES[action];
  ctx.presenceLog.record({ instance: instance.name, to: chat, state });
  if (roll(ctx.faults.presenceHangRate)) return ctx.hanging.hold(res);
  sendData(res, 200, { presence: state, chat, message: `Presence set to ${state}` });
}
