import { isOnWhatsApp } from "@whatlead/sim-kit";
import { isForeignKey } from "../auth";
import {
  INSTANCE_NOT_FOUND_MESSAGE,
  INVALID_BODY_MESSAGE,
  NOT_CONNECTED_MESSAGE,
  sendData,
  sendError,
} from "../envelope";
import { isReadyToSend, isSocketUp } from "../instance";
import { cleanPhoneNumber } from "../recipient";
import { readRequestBody } from "../request-body";
import type { AuthedCall } from "../route-call";

interface CheckResult {
  number: string;
  jid?: string;
  exists: boolean;
  is_business?: boolean;
}

// Without a logged-in session whatsmeow's IsOnWhatsApp errors, which the gateway reports as exists: false.
function checkNumber(number: string, loggedIn: boolean): CheckResult {
  const digits = cleanPhoneNumber(number);
  if (digits === undefined || !loggedIn || !isOnWhatsApp(digits)) return { number, exists: false };
  return { number, jid: `${digits}@s.whatsapp.net`, exists: true, is_business: false };
}

/** POST /api/contact/:instance/check {numbers: []} */
export async function handleCheckNumbers(call: AuthedCall, instanceName: string): Promise<void> {
  const decoded = await readRequestBody(call, { numbers: "string[]" });
  if (!decoded.ok) return;
  const { res, ctx } = call;
  const instance = ctx.registry.get(instanceName);
  if (instance === undefined) return sendError(res, 404, INSTANCE_NOT_FOUND_MESSAGE);
  if (!isSocketUp(instance)) return sendError(res, 400, NOT_CONNECTED_MESSAGE);
  if (decoded.body === undefined) return sendError(res, 400, INVALID_BODY_MESSAGE);
  const numbers = ((decoded.body.numbers as (string | null)[] | null | undefined) ?? []).map((n) => n ?? "");
  if (numbers.length === 0) return sendError(res, 400, "At least one number is required");
  ctx.checkLog.record(instance.name, numbers);
  const loggedIn = isReadyToSend(instance);
  const results = numbers.map((number) => checkNumber(number, loggedIn));
  sendData(res, isForeignKey(call.auth, instanceName) ? 403 : 200, { results });
}
