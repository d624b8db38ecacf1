import { z } from "zod";
import { INSTANCE_STATUSES } from "../../../domain/instance/instance-status";
import {
  checkRecipientsSchema,
  instanceName,
  pacingSchema,
  recentSendsSchema,
  sendingWindowSchema,
  warmupSchema,
} from "./instance-settings.schemas";

export const registerInstanceBody = z.object({
  name: instanceName,
  provider: z.string().min(1).max(50).optional(),
});

export const instanceResponse = z
  .object({
    id: z.uuid(),
    organizationId: z.string(),
    name: z.string(),
    gatewayName: z.string().meta({
      description: "The name the gateway knows the number by: the registration name, unchanged by a rename",
    }),
    provider: z.string(),
    status: z.enum(INSTANCE_STATUSES),
    phoneNumber: z.string().nullable(),
    paused: z.boolean(),
    hold: z
      .object({
        since: z.date(),
        code: z
          .string()
          .meta({ description: "the gateway's answer: INSTANCE_NOT_CONNECTED, LOGGED_OUT, NETWORK_ERROR…" }),
        message: z.string(),
      })
      .nullable()
      .meta({
        description:
          "Set while the gateway says this number cannot send: its jobs wait unclaimed, no attempt spent, until it reconnects.",
      }),
    pacing: pacingSchema.nullable(),
    warmup: warmupSchema.nullable(),
    sendingWindow: sendingWindowSchema.nullable(),
    checkRecipients: checkRecipientsSchema,
    sends: recentSendsSchema,
    createdAt: z.date(),
    updatedAt: z.date(),
    deletedAt: z
      .date()
      .nullable()
      .meta({ description: "Set once deleted: kept so that its messages' history still names it" }),
  })
  .meta({ id: "Instance" });

export const pairingQrResponse = z.object({
  qr: z
    .string()
    .meta({ description: "The QR to scan in WhatsApp (Linked devices), as data:image/png;base64,…" }),
});

export const listInstancesQuery = z.object({
  deleted: z
    .enum(["include"])
    .optional()
    .meta({ description: "include: deleted instances too (with deletedAt), to name them in a history" }),
});

export const instanceListResponse = z.object({
  items: z.array(instanceResponse),
  organizationPaused: z.boolean(),
});
