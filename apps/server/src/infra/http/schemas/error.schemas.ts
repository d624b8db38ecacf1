import { z } from "zod";

/** The one error shape every route answers with, for any 4xx or 5xx. */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable, machine-readable, e.g. VALIDATION_ERROR" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });

export const errorResponses = { "4xx": errorResponse, "5xx": errorResponse };
