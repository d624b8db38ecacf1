import { z } from "zod";

// Evolution API v2's webhook bodies (evolution-contract.md, "Webhooks"). Unknown fields are ignored.

export const evolutionWebhookEnvelope = z
  .object({
    event: z.string().min(1),
    instance: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ description: "An Evolution API webhook event; `data` is read according to `event`" });

/** SEND_MESSAGE repeats the send's answer. */
export const evolutionSendMessageData = z.object({
  key: z.object({ id: z.string().min(1).max(200), remoteJid: z.string().min(1).max(200) }),
  messageType: z.string().max(100).default(""),
  message: z.record(z.string(), z.unknown()).default({}),
  // Seconds; bounded to year 9999, as a larger one is no date and would fail the shared inbox insert.
  messageTimestamp: z.number().int().positive().max(253_402_300_799).optional(),
});

/** MESSAGES_UPDATE: matched on keyId only (remoteJid may be an @lid). */
export const evolutionUpdateData = z.object({
  keyId: z.string().min(1).max(200),
  status: z.string().min(1).max(50),
});

export const evolutionConnectionData = z.object({
  state: z.string().min(1).max(50),
  statusReason: z.number().int().optional(),
});
