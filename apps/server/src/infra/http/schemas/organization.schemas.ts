import { z } from "zod";

export const organizationResponse = z
  .object({
    organizationId: z.string(),
    paused: z.boolean(),
    pause: z
      .object({ organizationId: z.string(), actor: z.string(), reason: z.string(), pausedAt: z.date() })
      .nullable(),
  })
  .meta({ id: "Organization" });
