import { roll } from "@whatlead/sim-kit";
import { DECODE_ERROR, NO_SESSION, respondData, respondError } from "../envelope";
import { parsePhone } from "../phone";
import { decodeFields, readWuzapiBody } from "../request-body";
import type { UserCall } from "../route-call";

const PRESENCE_FAILED = "Failure sending chat presence to Whatsapp servers";

/**
 * POST /chat/presence {Phone, State, Media} (H:2310-2367): State is passed to whatsmeow unchecked,
 * `Media: "audio"` with `composing` shows "recording…"; no auto-pause.
 */
export async function handleChatPresence(call: UserCall): Promise<void> {
  const { res, user, ctx } = call;
  if (!user.hasClient) return respondError(res, 500, NO_SESSION);
  const raw = await readWuzapiBody(call);
  if (raw === undefined) return;
  const fields = decodeFields(raw, { Phone: "string", State: "string", Media: "string" });
  if (fields === undefined) return respondError(res, 400, DECODE_ERROR);
  const phone = (fields.Phone as string | undefined) ?? "";
  const state = (fields.State as string | undefined) ?? "";
  if (phone === "") return respondError(res, 400, "Missing Phone in Payload");
  if (state === "") return respondError(res, 400, "Missing State in Payload");
  const jid = parsePhone(phone);
  if (jid === undefined) return respondError(res, 400, "Could not parse Phone");
  // whatsmeow: not paired (ErrNotLoggedIn) or socket down (ErrNotConnected).
  if (user.phoneNumber === undefined || !user.socketUp || roll(ctx.faults.presenceErrorRate))
    return respondError(res, 500, PRESENCE_FAILED);
  const recording = state === "composing" && fields.Media === "audio";
  ctx.presenceLog.record({ instance: user.name, to: jid, state: recording ? "recording" : state });
  if (roll(ctx.faults.presenceHangRate)) return ctx.held.hold(res);
  respondData(res, { Details: "Chat presence set successfuly" });
}
