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
  })
  .meta({ id: "Instance" });

export const instanceListResponse = z.object({
  items: z.array(instanceResponse),
  organizationPaused: z.boolean(),
});
