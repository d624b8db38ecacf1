import { z } from "zod";

export const createApiKeyBody = z.object({
  label: z.string().trim().min(1, "must name what the key is for").max(100),
});

export const apiKeyResponse = z
  .object({
    id: z.uuid(),
    label: z.string(),
    prefix: z
      .string()
      .meta({ description: "The secret's first characters, to recognise it; never the secret" }),
    createdAt: z.date(),
    revokedAt: z.date().nullable(),
    lastUsedAt: z.date().nullable().meta({ description: "Recorded at most once a minute" }),
    current: z.boolean().meta({ description: "The key that made this request" }),
  })
  .meta({ id: "ApiKey" });

export const createdApiKeyResponse = apiKeyResponse.extend({
  secret: z.string().meta({ description: "The key itself: shown in this answer only, never again" }),
});

export const apiKeyListResponse = z.object({ items: z.array(apiKeyResponse) });
