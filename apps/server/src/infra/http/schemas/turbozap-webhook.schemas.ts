import { z } from "zod";

// TurboZap's webhook bodies (turbozap-contract.md, "Webhooks"). Unknown fields are ignored.

const rfc3339 = z.iso.datetime({ offset: true, message: "must be an RFC 3339 timestamp" });

export const turboZapWebhookEnvelope = z
  .object({
    event: z.string().min(1),
    instance_id: z.string().optional(),
    instance: z.string().min(1).max(100),
    timestamp: rfc3339.optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ description: "A TurboZap webhook event; `data` is read according to `event`" });

export const turboZapSendMessageData = z.object({
  message_id: z.string().min(1).max(200),
  to: z.string().min(1).max(200),
  type: z.string().max(50).default(""),
  content: z.string().optional(),
  caption: z.string().optional(),
  timestamp: rfc3339.optional(),
});

export const turboZapReceiptData = z.object({
  message_id: z.string().min(1).max(200),
  status: z.enum(["delivered", "read", "played", "unknown"]),
  timestamp: rfc3339.optional(),
});

export const turboZapConnectionData = z.object({
  status: z.enum(["connected", "disconnected", "logged_out"]),
  phone_number: z.string().optional(),
});

/** What we did with an event; the gateway only looks at the status (2xx: do not retry). */
export const turboZapWebhookResponse = z.object({
  event: z.string(),
  result: z.enum(["accepted", "duplicate", "updated", "unknown-instance", "ignored"]).meta({
    description:
      "send.message and receipts: accepted (stored, settled or recorded in a moment) or duplicate; " +
      " connection.update: updated or unknown-instance; anything else: ignored (202)",
  }),
});
