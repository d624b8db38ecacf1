import { z } from "zod";

export const liveResponse = z.object({ status: z.literal("ok") });

export const readyResponse = z.object({ status: z.literal("ready") });

export const notReadyResponse = z.object({
  status: z.literal("unavailable"),
  reason: z.string().meta({ description: "What is missing: the database, or which migrations" }),
});
