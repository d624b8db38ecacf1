import type { ServerResponse } from "node:http";
import { latencyFor, newMessageId, newUuid, roll, trackInFlight, writeJson } from "@whatlead/sim-kit";
import { isForeignKey } from "../auth";
import {
  INSTANCE_NOT_FOUND_MESSAGE,
  INVALID_BODY_MESSAGE,
  NIL_POINTER_MESSAGE,
  NOT_CONNECTED_MESSAGE,
  sendError,
} from "../envelope";
import { isReadyToSend, isSocketUp, type SimInstance } from "../instance";
import { readRequestBody } from "../request-body";
import type { AuthedCall } from "../route-call";
import type { SentMessage } from "../send-events";
import { SEND_FAILURE_MESSAGES, SEND_SHAPES, type ValidSend, validateSend } from "../send-validation";
import type { SimSendType } from "../types";

export const SEND_TYPES: ReadonlySet<string> = new Set<SimSendType>(["text", "media", "audio", "reaction"]);

/** POST /api/message/:instance/{text,media,audio,reaction} */
export async function handleSend(call: AuthedCall, instanceName: string, type: SimSendType): Promise<void> {
  const decoded = await readRequestBody(call, SEND_SHAPES[type]);
  if (!decoded.ok) return;
  const { res, ctx } = call;
  const instance = ctx.registry.get(instanceName);
  if (instance !== undefined && !isSocketUp(instance)) return sendError(res, 400, NOT_CONNECTED_MESSAGE);

  const validation =
    decoded.body === undefined
      ? { ok: false as const, message: INVALID_BODY_MESSAGE }
      : validateSend(type, decoded.body);
  // The gateway only looks the instance up by name when the body fails; with a valid body it dereferences
  // the missing client and recovers from the panic with a 500.
  if (!validation.ok) {
    if (instance === undefined) return sendError(res, 404, INSTANCE_NOT_FOUND_MESSAGE);
    return sendError(res, 400, validation.message);
  }
  if (instance === undefined) return sendError(res, 500, NIL_POINTER_MESSAGE);
  await sendThroughWhatsApp(call, instance, type, validation.send, decoded.body ?? {});
}

async function sendThroughWhatsApp(
  call: AuthedCall,
  instance: SimInstance,
  type: SimSendType,
  send: ValidSend,
  body: Record<string, unknown>,
): Promise<void> {
  const { ctx, res } = call;
  trackInFlight(ctx.inFlight, instance.name, call.req, res);
  const delay = latencyFor(ctx.faults);
  if (delay > 0) await ctx.timers.sleep(delay);

  // Re-checked after the wait: the socket may have dropped (or the instance gone) while "waiting for the ack".
  const stillThere = ctx.registry.get(instance.name) === instance;
  if (!stillThere || !isReadyToSend(instance) || roll(ctx.faults.error500Rate)) {
    return sendError(res, 500, SEND_FAILURE_MESSAGES[type]);
  }

  const messageId = newMessageId();
  ctx.sendLog.record({ messageId, instance: instance.name, to: send.to, type, body });
  const sent: SentMessage = { instance, messageId, to: send.to, detail: send.detail };
  ctx.sendEvents.scheduleReceipts(sent);
  finishAcceptedSend(call, sent);
}

/** The message went out; what the client gets back depends on the faults and the key's quirk. */
function finishAcceptedSend(call: AuthedCall, sent: SentMessage): void {
  const { ctx, res } = call;
  // whatsmeow never returned, so the gateway never announces it, but WhatsApp still delivers it.
  if (roll(ctx.faults.hangRate)) {
    ctx.hanging.hold(res);
    return;
  }
  ctx.sendEvents.announceSent(sent);
  if (roll(ctx.faults.resetAfterSendRate)) {
    call.req.socket.destroy();
    return;
  }
  const forbidden = isForeignKey(call.auth, sent.instance.name) || roll(ctx.faults.forbiddenButSentRate);
  writeMessageResponse(res, forbidden ? 403 : 200, sent.messageId);
}

function writeMessageResponse(res: ServerResponse, status: number, messageId: string): void {
  writeJson(res, status, {
    success: true,
    data: { id: newUuid(), message_id: messageId, status: "sent", timestamp: new Date().toISOString() },
  });
}
