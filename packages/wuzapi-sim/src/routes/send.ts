import { latencyFor, roll } from "@whatlead/sim-kit";
import { DECODE_ERROR, NO_SESSION, respondData, respondError } from "../envelope";
import { decodeFields, readWuzapiBody } from "../request-body";
import type { UserCall } from "../route-call";
import { checkSend, SEND_SHAPES, type ValidSend } from "../send-validation";
import { gatewayTimestamp } from "../timestamp";
import type { WuzapiSendType } from "../types";

/** /chat/send/{type} and /chat/react → send type. */
export const SEND_ROUTES: Record<string, WuzapiSendType> = {
  "send/text": "text",
  "send/image": "image",
  "send/document": "document",
  "send/video": "video",
  "send/audio": "audio",
  react: "reaction",
};

const SEND_FAILED = "Error sending message: ";

/** POST /chat/send/* and /chat/react: "No session" first, then the body, then whatsmeow, one send at a time. */
export async function handleSend(call: UserCall, type: WuzapiSendType): Promise<void> {
  const { res, user } = call;
  if (!user.hasClient) return respondError(res, 500, NO_SESSION);
  const raw = await readWuzapiBody(call);
  if (raw === undefined) return;
  const fields = decodeFields(raw, SEND_SHAPES[type]);
  if (fields === undefined) return respondError(res, 400, DECODE_ERROR);
  const check = checkSend(type, fields);
  if (check.ok === "panic") {
    call.req.socket.destroy();
    return;
  }
  if (!check.ok) return respondError(res, 400, check.error);
  cutAtWriteTimeout(call);
  // whatsmeow's messageSendLock: this user's sends wait for each other, so their waits add up.
  const turn = user.sendChain.then(() => holdingTheSendLock(call, type, check.send, fields));
  user.sendChain = turn.catch(() => undefined);
  await turn;
}

/** WriteTimeout: an answer not written in time never arrives; whatever happened meanwhile stands. */
function cutAtWriteTimeout(call: UserCall): void {
  call.ctx.timers.after(call.ctx.timeouts.writeTimeoutMs, () => {
    if (!call.res.writableEnded) call.req.socket.destroy();
  });
}

/** Counts the sends inside whatsmeow, which is what the lock limits (the HTTP answer comes after). */
async function holdingTheSendLock(
  call: UserCall,
  type: WuzapiSendType,
  send: ValidSend,
  body: Record<string, unknown>,
): Promise<void> {
  const { inFlight } = call.ctx;
  inFlight.begin(call.user.name);
  try {
    await sendThroughWhatsApp(call, type, send, body);
  } finally {
    inFlight.end(call.user.name);
  }
}

/** What reaches WhatsApp and when the gateway answers (only after the server ack). */
async function sendThroughWhatsApp(
  call: UserCall,
  type: WuzapiSendType,
  send: ValidSend,
  body: Record<string, unknown>,
): Promise<void> {
  const { ctx, res, user } = call;
  const failure = sendFailure(call, send);
  if (failure !== undefined) return respondError(res, 500, SEND_FAILED + failure);
  ctx.sendLog.record({ messageId: send.messageId, instance: user.name, to: send.to, type, body });
  ctx.receipts.schedule({ user, messageId: send.messageId, to: send.to });
  const ackWait = latencyFor(ctx.faults);
  if (roll(ctx.faults.ackTimeoutRate) || ackWait >= ctx.timeouts.ackTimeoutMs) {
    // Delivered, but the ack never came in time: a 500 that hides a message that went out.
    await ctx.timers.sleep(ctx.timeouts.ackTimeoutMs);
    return respondError(res, 500, `${SEND_FAILED}timed out waiting for message send response`);
  }
  if (ackWait > 0) await ctx.timers.sleep(ackWait);
  finishAcceptedSend(call, send);
}

/** whatsmeow's own refusals, before anything leaves. */
function sendFailure(call: UserCall, send: ValidSend): string | undefined {
  const { user, ctx } = call;
  if (user.phoneNumber === undefined) return "the store doesn't contain a device JID";
  if (!user.socketUp) return "websocket not connected";
  if (send.to.endsWith("@lid")) return "can't send message to unknown server lid";
  if (roll(ctx.faults.error500Rate)) return "server returned error 479";
  return undefined;
}

function finishAcceptedSend(call: UserCall, send: ValidSend): void {
  const { ctx, res } = call;
  if (roll(ctx.faults.hangRate)) {
    ctx.held.hold(res);
    return;
  }
  if (roll(ctx.faults.resetAfterSendRate)) {
    call.req.socket.destroy();
    return;
  }
  respondData(res, { Details: "Sent", Id: send.messageId, Timestamp: gatewayTimestamp(new Date()) });
}
