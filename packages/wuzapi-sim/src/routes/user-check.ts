import { isOnWhatsApp } from "@whatlead/sim-kit";
import { DECODE_ERROR, NO_SESSION, respondData, respondError } from "../envelope";
import { parsePhone } from "../phone";
import { decodeFields, readWuzapiBody } from "../request-body";
import type { UserCall } from "../route-call";

/** POST /user/check {Phone: [...]} (H:2020-2084). */
export async function handleUserCheck(call: UserCall): Promise<void> {
  if (!call.user.hasClient) return respondError(call.res, 500, NO_SESSION);
  const raw = await readWuzapiBody(call);
  if (raw === undefined) return;
  const fields = decodeFields(raw, { Phone: "string[]" });
  if (fields === undefined) return respondError(call.res, 400, DECODE_ERROR);
  const phones = (fields.Phone as string[] | undefined) ?? [];
  if (phones.length === 0) return respondError(call.res, 400, "Missing Phone in Payload");
  // whatsmeow's usync query needs a live, paired socket; its error is wrapped as a 500 (H:2052).
  const refusal =
    call.user.phoneNumber === undefined
      ? "the store doesn't contain a device JID"
      : call.user.socketUp
        ? undefined
        : "websocket not connected";
  if (refusal !== undefined)
    return respondError(call.res, 500, `Failed to check if users are on WhatsApp: ${refusal}`);
  call.ctx.checkLog.record(call.user.name, phones);
  const users = phones.map((query) => {
    const jid = parsePhone(query) ?? "";
    return { IsInWhatsapp: jid !== "" && isOnWhatsApp(jid), JID: jid, Query: query, VerifiedName: "" };
  });
  respondData(call.res, { Users: users });
}
