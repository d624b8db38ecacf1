import type { z } from "zod";
import type { CreateMessageIntentInput } from "../../application/use-cases/create-message-intent";
import type { MessageContent } from "../../domain/intent/message-payload";
import type { createIntentBody } from "./schemas/intent.schemas";

/** A validated intent body (one request's or one batch item's) as the use cases take it: the rest is the content. */
export function intentInputOf(
  body: z.infer<typeof createIntentBody>,
  traceparent: string | null,
): Omit<CreateMessageIntentInput, "organizationId"> {
  const { target, purpose, priority, sendAt, typing, ...content } = body;
  return { target, purpose, priority, sendAt, typing, content: content as MessageContent, traceparent };
}
