import { isOnWhatsApp, roll, writeJson } from "@whatlead/sim-kit";
import { CONNECTION_CLOSED, sendEvolutionError } from "../envelope";
import type { EvolutionInstance } from "../instance";
import { createJid, isGroupJid } from "../recipient";
import { readEvolutionBody } from "../request-body";
import type { EvolutionCall } from "../route-call";
import { type Schema, schemaErrors } from "../schema";

const PRESENCE_SCHEMA: Schema = {
  number: { type: "string", required: true, message: "Invalid format" },
  presence: {
    type: "string",
    required: true,
    enum: ["unavailable", "available", "composing", "recording", "paused"],
  },
  delay: { type: "integer", required: true, message: "Enter a value in milliseconds" },
};

/**
 * POST /chat/sendPresence/{instance} {number, presence, delay} (B:2400-2449): the number looked up,
 * the presence set, the request held for `delay`, then `paused`, then 201. Any error in that
 * try-block is a 400 with its text.
 */
export async function handleSendPresence(call: EvolutionCall, instance: EvolutionInstance): Promise<void> {
  const body = await readEvolutionBody(call);
  if (body === undefined) return;
  const errors = schemaErrors(body, PRESENCE_SCHEMA);
  if (errors.length > 0) return sendEvolutionError(call.res, 400, [errors]);
  const { ctx, res } = call;
  if (instance.state !== "open" || roll(ctx.faults.presenceErrorRate))
    return sendEvolutionError(res, 400, [`Error: ${CONNECTION_CLOSED}`]);
  const jid = createJid(body.number as string);
  if (!isGroupJid(jid) && !isOnWhatsApp(jid)) return sendEvolutionError(res, 400, ["[object Object]"]);
  const presence = body.presence as string;
  const delayMs = body.delay as number;
  ctx.presenceLog.record({ instance: instance.name, to: jid, state: presence, delayMs });
  if (roll(ctx.faults.presenceHangRate)) return ctx.held.hold(res);
  if (delayMs > 0) await ctx.timers.sleep(delayMs);
  ctx.presenceLog.record({ instance: instance.name, to: jid, state: "paused" });
  writeJson(res, 201, { presence });
}

/** POST /chat/whatsappNumbers/{instance} {numbers: [...]} */
export async function handleWhatsAppNumbers(call: EvolutionCall, instance: EvolutionInstance): Promise<void> {
  const body = await readEvolutionBody(call);
  if (body === undefined) return;
  if (!Array.isArray(body.numbers))
    return sendEvolutionError(call.res, 400, [['instance requires property "numbers"']]);
  if (instance.state !== "open") return sendEvolutionError(call.res, 400, { message: CONNECTION_CLOSED });
  call.ctx.checkLog.record(instance.name, body.numbers.map(String));
  const results = body.numbers.map((value) => {
    const number = String(value);
    const jid = createJid(number);
    const exists = isOnWhatsApp(jid);
    if (exists) instance.knownNumbers.add(jid);
    return { jid, exists, number, name: exists ? `Contact ${number}` : undefined };
  });
  writeJson(call.res, 200, results);
}
