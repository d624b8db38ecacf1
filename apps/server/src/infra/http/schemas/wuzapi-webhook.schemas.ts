import { z } from "zod";

// wuzapi's webhook body (wuzapi-contract.md, "Webhooks"): a form with the event as JSON and the user's token.

export const wuzapiWebhookForm = z
  .object({
    jsonData: z.string().min(2).max(1_000_000),
    token: z.string().min(1).max(500),
  })
  .meta({
    description: "A wuzapi webhook: form fields `jsonData` (the event, JSON) and `token` (the user's)",
  });

export const wuzapiEvent = z.object({
  type: z.string().min(1).max(100),
  state: z.string().max(50).optional(),
  event: z.record(z.string(), z.unknown()).default({}),
});

export const wuzapiReadReceipt = z.object({
  MessageIDs: z.array(z.string().min(1).max(200)).min(1).max(1000),
});
