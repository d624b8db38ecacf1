import { z } from "zod";
import { INTENT_STATUSES } from "../../../domain/intent/intent-status";
import { INTENT_PURPOSES } from "../../../domain/intent/message-payload";
import { pageQuery } from "./common.schemas";

const PHONE_JID = /^\d{10,15}@s\.whatsapp\.net$/;
const PHONE_CHARS = /^[0-9+()\-.\s]+$/;
const GROUP_JID = /^[0-9-]{5,64}(@g\.us)?$/;

/** Mirrors the gateway's own normalization so that a number it would refuse is refused here, at once. */
function isPhone(value: string): boolean {
  if (PHONE_JID.test(value)) return true;
  const digits = value.replace(/\D/g, "").length;
  return PHONE_CHARS.test(value) && digits >= 10 && digits <= 15;
}

const target = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("PHONE"),
    value: z
      .string()
      .trim()
      .refine(isPhone, "must be a phone number with 10 to 15 digits, or a …@s.whatsapp.net JID"),
  }),
  z.object({
    kind: z.literal("GROUP"),
    value: z.string().trim().regex(GROUP_JID, "must be a group id, optionally ending @g.us"),
  }),
]);

const url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2048);

const base = {
  target,
  purpose: z.enum(INTENT_PURPOSES).default("DISPATCH"),
};

export const createIntentBody = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("TEXT"), payload: z.object({ text: z.string().min(1).max(65_536) }) }),
  z.object({
    ...base,
    type: z.literal("MEDIA"),
    payload: z.object({
      mediaUrl: url,
      mimeType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, "must be a MIME type such as image/jpeg"),
      caption: z.string().max(4096).optional(),
      fileName: z.string().min(1).max(255).optional(),
    }),
  }),
  z.object({
    ...base,
    type: z.literal("AUDIO"),
    payload: z.object({ audioUrl: url, ptt: z.boolean().optional() }),
  }),
  z.object({
    ...base,
    type: z.literal("REACTION"),
    payload: z.object({ messageRef: z.string().min(1).max(128), emoji: z.string().max(32) }),
  }),
]);

export const approveIntentBody = z.object({
  instanceId: z.uuid({ message: "must be a UUID" }),
  actor: z.string().trim().min(1).max(200).default("api"),
});

export const decideIntentBody = z
  .object({
    instanceId: z.uuid({ message: "must be a UUID" }).optional(),
    actor: z.string().trim().min(1).max(200).default("gate"),
  })
  .default({ actor: "gate" });

export const listIntentsQuery = z.object({ ...pageQuery, status: z.enum(INTENT_STATUSES).optional() });

export const MAX_BATCH_ITEMS = 1_000;

/** Items are checked one by one against createIntentBody, so that each error names its item. */
export const createIntentsBatchBody = z.object({
  instanceId: z.uuid({ message: "must be a UUID" }).optional(),
  actor: z.string().trim().min(1).max(200).default("api"),
  items: z
    .array(z.unknown())
    .min(1, "must hold at least one intent")
    .max(MAX_BATCH_ITEMS, `must hold at most ${MAX_BATCH_ITEMS} intents`),
});
