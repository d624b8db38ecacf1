import { z } from "zod";
import { INTENT_PRIORITIES } from "../../../domain/intent/intent-priority";
import { INTENT_STATUSES } from "../../../domain/intent/intent-status";
import { INTENT_PURPOSES } from "../../../domain/intent/message-payload";
import { TARGET_KINDS } from "../../../domain/intent/message-target";
import {
  createdRangeQuery,
  deliveryQuery,
  isoDateTime,
  pageQuery,
  pageResponse,
  searchQuery,
} from "./common.schemas";
import { jobResponse } from "./job.schemas";
import { withContent } from "./message-content.schemas";

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

const sendAt = isoDateTime.meta({
  description: "Send not before this time (ISO 8601 with a time zone); the job exists at once and waits",
});

const typing = z.boolean().meta({
  description:
    'Show "typing…" (audio: "recording…") before the send, for a time that grows with the text; left out: the default (TYPING_DEFAULT)',
});

export const createIntentBody = withContent({
  target,
  purpose: z.enum(INTENT_PURPOSES).default("DISPATCH"),
  priority: z.enum(INTENT_PRIORITIES).optional().meta({
    description:
      "HIGH goes before a number's waiting NORMAL and LOW messages (a lead's own messages keep their order); default LOW for WARMUP, else NORMAL",
  }),
  sendAt: sendAt.optional(),
  typing: typing.optional(),
});

export const approveIntentBody = z.object({
  instanceId: z.uuid({ message: "must be a UUID" }),
  actor: z.string().trim().min(1).max(200).default("api"),
  sendAt: sendAt.nullable().optional(),
  typing: typing.nullable().optional(),
});

export const decideIntentBody = z
  .object({
    instanceId: z.uuid({ message: "must be a UUID" }).optional(),
    actor: z.string().trim().min(1).max(200).default("gate"),
    sendAt: sendAt.nullable().optional(),
    typing: typing.nullable().optional(),
    queueUntil: isoDateTime.optional().meta({
      description: "Queue instead of approving: the intent returns to the gate (PENDING) at this time",
    }),
  })
  .refine(
    (body) =>
      body.queueUntil === undefined ||
      (body.instanceId === undefined && body.sendAt === undefined && body.typing === undefined),
    {
      message: "queueUntil queues the intent: it cannot be given with instanceId, sendAt or typing",
      path: ["queueUntil"],
    },
  )
  .default({ actor: "gate" });

export const listIntentsQuery = z.object({
  ...pageQuery,
  ...createdRangeQuery,
  ...searchQuery,
  ...deliveryQuery,
  status: z.enum(INTENT_STATUSES).optional(),
  purpose: z.enum(INTENT_PURPOSES).optional(),
  priority: z.enum(INTENT_PRIORITIES).optional(),
  sendAtFrom: isoDateTime.optional().meta({ description: "Scheduled at or after this time" }),
  sendAtTo: isoDateTime.optional().meta({ description: "Scheduled before this time" }),
  instanceId: z
    .uuid({ message: "must be a UUID" })
    .optional()
    .meta({ description: "The instance the intent was approved on" }),
});

const intentFields = {
  id: z.uuid(),
  organizationId: z.string(),
  target: z.object({ kind: z.enum(TARGET_KINDS), value: z.string() }),
  purpose: z.enum(INTENT_PURPOSES),
  priority: z.enum(INTENT_PRIORITIES),
  status: z.enum(INTENT_STATUSES),
  decidedByInstanceId: z.uuid().nullable(),
  blockedReason: z.string().nullable(),
  queuedUntil: z.date().nullable(),
  sendAt: z.date().nullable(),
  typing: z.boolean().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  sentAt: z.date().nullable(),
  failedAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  readAt: z.date().nullable(),
  playedAt: z.date().nullable(),
  rejectedAt: z
    .date()
    .nullable()
    .meta({ description: "WhatsApp's server refused the message after the gateway took it" }),
};

export const intentResponse = withContent(intentFields).meta({ id: "Intent" });
export const intentPageResponse = pageResponse(intentResponse);
export const approvedIntentResponse = withContent({ ...intentFields, job: jobResponse });
export const decidedIntentResponse = withContent({ ...intentFields, job: jobResponse.nullable() });

const timelineEntryResponse = z
  .object({
    id: z.string(),
    type: z.string(),
    occurredAt: z.date(),
    actor: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "TimelineEntry" });

export const intentDetailsResponse = withContent({
  ...intentFields,
  job: jobResponse.nullable(),
  timeline: z.array(timelineEntryResponse),
});

export const MAX_BATCH_ITEMS = 1_000;

/** Items are checked one by one against createIntentBody, so that each error names its item. */
export const createIntentsBatchBody = z.object({
  instanceId: z.uuid({ message: "must be a UUID" }).optional(),
  actor: z.string().trim().min(1).max(200).default("api"),
  items: z
    .array(z.unknown())
    .min(1, "must hold at least one intent")
    .max(MAX_BATCH_ITEMS, `must hold at most ${MAX_BATCH_ITEMS} intents`)
    .meta({ description: "Each item is a body of POST /v1/intents" }),
});

export const createdIntentsBatchResponse = z.object({
  items: z.array(z.object({ index: z.int().min(0), id: z.uuid(), status: z.enum(INTENT_STATUSES) })),
});
