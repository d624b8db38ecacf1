import type { z } from "zod";

// What every gateway webhook route shares: reading the part of a body an event names, and telling
// a malformed body (400, which no retry fixes) from our own failures.

export class MalformedWebhook extends Error {}

/** The part of the body at `where`, read with `schema`; MalformedWebhook names every bad field. */
export function parseWebhookPart<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.map((issue) => `${[where, ...issue.path].join(".")}: ${issue.message}`);
  throw new MalformedWebhook(reasons.join("; "));
}
