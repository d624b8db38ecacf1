import { DECODE_ERROR, respondData, respondError } from "../envelope";
import { decodeFields, readWuzapiBody } from "../request-body";
import type { UserCall } from "../route-call";

// URL changes apply at once; the event filter stays the one taken at /session/connect (W:690).

async function setWebhook(call: UserCall): Promise<void> {
  const raw = await readWuzapiBody(call);
  if (raw === undefined) return;
  const fields = decodeFields(raw, { webhookurl: "string", events: "string[]" });
  if (fields === undefined) return respondError(call.res, 400, DECODE_ERROR);
  call.user.webhookUrl = (fields.webhookurl as string | undefined) ?? "";
  if (fields.events !== undefined) call.user.events = fields.events as string[];
  respondData(call.res, { webhook: call.user.webhookUrl });
}

function getWebhook(call: UserCall): void {
  respondData(call.res, { webhook: call.user.webhookUrl, subscribe: call.user.subscribed });
}

function deleteWebhook(call: UserCall): void {
  call.user.webhookUrl = "";
  respondData(call.res, { Details: "Webhook and events deleted successfully" });
}

export const WEBHOOK_ROUTES: Record<string, (call: UserCall) => void | Promise<void>> = {
  POST: setWebhook,
  PUT: setWebhook,
  GET: getWebhook,
  DELETE: deleteWebhook,
};
