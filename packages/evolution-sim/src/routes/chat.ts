import { isOnWhatsApp, writeJson } from "@whatlead/sim-kit";
import { CONNECTION_CLOSED, sendEvolutionError } from "../envelope";
import type { EvolutionInstance } from "../instance";
import { createJid } from "../recipient";
import { readEvolutionBody } from "../request-body";
import type { EvolutionCall } from "../route-call";

/** POST /chat/whatsappNumbers/{instance} {numbers: [...]} */
export async function handleWhatsAppNumbers(call: EvolutionCall, instance: EvolutionInstance): Promise<void> {
  const body = await readEvolutionBody(call);
  if (body === undefined) return;
  if (!Array.isArray(body.numbers))
    return sendEvolutionError(call.res, 400, [['instance requires property "numbers"']]);
  if (instance.state !== "open") return sendEvolutionError(call.res, 400, { message: CONNECTION_CLOSED });
  const results = body.numbers.map((value) => {
    const number = String(value);
    const jid = createJid(number);
    const exists = isOnWhatsApp(jid);
    if (exists) instance.knownNumbers.add(jid);
    return { jid, exists, number, name: exists ? `Contact ${number}` : undefined };
  });
  writeJson(call.res, 200, results);
}
