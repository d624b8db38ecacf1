import { z } from "zod";

export const registerInstanceBody = z.object({
  name: z
    .string()
    .regex(
      /^[a-zA-Z0-9_-]{1,100}$/,
      "must be 1 to 100 letters, digits, '_' or '-' (the gateway's instance name)",
    ),
  provider: z.string().min(1).max(50).optional(),
});
