import { isForeignKey } from "../auth";
import { str } from "../body-shape";
import { INSTANCE_NOT_FOUND_MESSAGE, INVALID_BODY_MESSAGE, sendData, sendError } from "../envelope";
import { readRequestBody } from "../request-body";
import type { AuthedCall } from "../route-call";
import type { WebhookConfig } from "../webhook-config";

const SET_SHAPE = {
  url: "string",
  events: "string[]",
  headers: "object",
  enabled: "boolean",
  webhook_by_events: "boolean",
  webhook_base64: "boolean",
} as const;

function webhookView(config: WebhookConfig): Record<string, unknown> {
  return { url: config.url, events: config.events, headers: config.headers, enabled: config.enabled };
}

/** Go decodes headers into map[string]string: any non-string value fails the decode. */
function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === null || value === undefined) return {};
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([, v]) => typeof v === "string")) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

/** POST /api/webhook/:instance/set */
export async function handleSetWebhook(call: AuthedCall, instanceName: string): Promise<void> {
  const decoded = await readRequestBody(call, SET_SHAPE);
  if (!decoded.ok) return;
  const { res, ctx } = call;
  const instance = ctx.registry.get(instanceName);
  if (instance === undefined) return sendError(res, 404, INSTANCE_NOT_FOUND_MESSAGE);
  const headers = decoded.body === undefined ? undefined : stringMap(decoded.body.headers);
  if (decoded.body === undefined || headers === undefined) return sendError(res, 400, INVALID_BODY_MESSAGE);
  const url = str(decoded.body, "url");
  if (!/^https?:\/\//.test(url)) return sendError(res, 400, "Invalid webhook URL");
  const events = ((decoded.body.events as (string | null)[] | null | undefined) ?? []).map((e) => e ?? "");
  const enabled = decoded.body.enabled !== false;
  instance.webhook = { url, events, headers, enabled };
  sendData(res, isForeignKey(call.auth, instanceName) ? 403 : 200, webhookView(instance.webhook));
}

/** GET /api/webhook/:instance */
export function handleGetWebhook(call: AuthedCall, instanceName: string): void {
  const instance = call.ctx.registry.get(instanceName);
  if (instance === undefined) {
    sendError(call.res, 404, INSTANCE_NOT_FOUND_MESSAGE);
    return;
  }
  const view =
    instance.webhook === undefined
      ? { configured: false, message: "No webhook configured for this instance" }
      : { configured: true, webhook: webhookView(instance.webhook) };
  sendData(call.res, isForeignKey(call.auth, instanceName) ? 403 : 200, view);
}
