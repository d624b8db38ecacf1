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
  const users = phones.map((query) => {
    const jid = parsePhone(query) ?? "";
    return { IsInWhatsapp: jid !== "" && isOnWhatsApp(jid), JID: jid, Query: query, VerifiedName: "" };
  });
  respondData(call.res, { Users: users });
}
