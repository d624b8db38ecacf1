import { isOnWhatsApp, latencyFor, newMessageId, roll, trackInFlight, writeJson } from "@whatlead/sim-kit";
import { CONNECTION_CLOSED, NEVER_CONNECTED, sendEvolutionError } from "../envelope";
import type { EvolutionInstance } from "../instance";
import { createJid, isGroupJid } from "../recipient";
import { readEvolutionBody } from "../request-body";
import type { EvolutionCall } from "../route-call";
import { schemaErrors } from "../schema";
import type { EvolutionSentMessage } from "../send-events";
import { CONTENT_CHECKS, type EvolutionMessage, SEND_SCHEMAS } from "../send-validation";
import type { EvolutionSendType } from "../types";

/** /message/{action}/{instance} → send type. */
export const SEND_ACTIONS: Record<string, EvolutionSendType> = {
  sendText: "text",
  sendMedia: "media",
  sendWhatsAppAudio: "audio",
  sendReaction: "reaction",
};

/** POST /message/{sendText,sendMedia,sendWhatsAppAudio,sendReaction}/{instance}; guards already passed. */
export async function handleSend(call: EvolutionCall, instance: EvolutionInstance, type: EvolutionSendType) {
  const body = await readEvolutionBody(call);
  if (body === undefined) return;
  const errors = schemaErrors(body, SEND_SCHEMAS[type]);
  if (errors.length > 0) return sendEvolutionError(call.res, 400, [errors]);
  const check = CONTENT_CHECKS[type](body);
  if (!check.ok) return sendEvolutionError(call.res, 400, check.message);
  const remoteJid = lookUpRecipient(call, instance, check.send.number);
  if (remoteJid === undefined) return;
  const delay = body.delay as number | undefined;
  // `delay` holds the request (typing shown meanwhile) before the send, unbounded.
  if (delay !== undefined && delay > 0) await call.ctx.timers.sleep(delay);
  await sendThroughWhatsApp(call, instance, type, check.send, remoteJid, body);
}

/**
 * onWhatsApp before every send (B:2135): the resolved JID, or undefined once an error was answered.
 * A number looked up before is cached, so with the socket down it gets through to fail in the send.
 */
function lookUpRecipient(
  call: EvolutionCall,
  instance: EvolutionInstance,
  number: string,
): string | undefined {
  const remoteJid = createJid(number);
  const cached = instance.knownNumbers.has(remoteJid);
  if (instance.phoneNumber === undefined) {
    sendEvolutionError(call.res, 500, NEVER_CONNECTED);
    return undefined;
  }
  if (!cached && instance.state !== "open") {
    sendEvolutionError(call.res, 500, CONNECTION_CLOSED);
    return undefined;
  }
  if (!isGroupJid(remoteJid) && !isOnWhatsApp(remoteJid)) {
    sendEvolutionError(call.res, 400, [{ jid: remoteJid, exists: false, number }]);
    return undefined;
  }
  instance.knownNumbers.add(remoteJid);
  return remoteJid;
}

async function sendThroughWhatsApp(
  call: EvolutionCall,
  instance: EvolutionInstance,
  type: EvolutionSendType,
  send: EvolutionMessage,
  remoteJid: string,
  body: Record<string, unknown>,
): Promise<void> {
  const { ctx, res } = call;
  trackInFlight(ctx.inFlight, instance.name, call.req, res);
  const wait = latencyFor(ctx.faults);
  if (wait > 0) await ctx.timers.sleep(wait);
  // Errors inside the send's try-block come back as 400s with the error's text (B:2394).
  if (ctx.instances.get(instance.name) !== instance || instance.state !== "open") {
    return sendEvolutionError(res, 400, [`Error: ${CONNECTION_CLOSED}`]);
  }
  if (roll(ctx.faults.error500Rate)) return sendEvolutionError(res, 500, CONNECTION_CLOSED);

  const messageId = newMessageId();
  ctx.sendLog.record({ messageId, instance: instance.name, to: remoteJid, type, body });
  const sent: EvolutionSentMessage = {
    instance,
    messageId,
    remoteJid,
    type,
    answer: answerFor(instance, send, messageId, remoteJid),
  };
  ctx.sendEvents.scheduleUpdates(sent);
  finishAcceptedSend(call, sent);
}

/** The frame is written; what the client hears depends on the faults. */
function finishAcceptedSend(call: EvolutionCall, sent: EvolutionSentMessage): void {
  const { ctx, res } = call;
  if (roll(ctx.faults.hangRate)) {
    ctx.held.hold(res);
    return;
  }
  // The same try-block wraps the database, S3 and OpenAI steps after the send: a 400 that may mean "sent".
  if (roll(ctx.faults.rejectAfterSendRate)) {
    sendEvolutionError(res, 400, ["[object Object]"]);
    return;
  }
  ctx.sendEvents.announceSent(sent);
  if (roll(ctx.faults.resetAfterSendRate)) {
    call.req.socket.destroy();
    return;
  }
  writeJson(res, 201, sent.answer);
}

/** Always PENDING: Baileys returns once the frame is written, before the server's ack. */
function answerFor(
  instance: EvolutionInstance,
  send: EvolutionMessage,
  messageId: string,
  remoteJid: string,
): Record<string, unknown> {
  return {
    key: { remoteJid, fromMe: true, id: messageId },
    pushName: "Você",
    status: "PENDING",
    message: send.message,
    contextInfo: null,
    messageType: send.messageType,
    messageTimestamp: Math.floor(Date.now() / 1000),
    instanceId: instance.id,
    source: "web",
  };
}
