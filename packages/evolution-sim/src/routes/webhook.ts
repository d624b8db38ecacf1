import { writeJson } from "@whatlead/sim-kit";
import { sendEvolutionError } from "../envelope";
import type { EvolutionInstance, EvolutionWebhookConfig } from "../instance";
import { readEvolutionBody } from "../request-body";
import type { EvolutionCall } from "../route-call";

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
}

/** The webhook object of /webhook/set and /instance/create; omitting `events` is the gateway's TypeError (WH:25-31). */
export function webhookConfigFrom(webhook: Record<string, unknown>): EvolutionWebhookConfig | Error {
  if (!Array.isArray(webhook.events))
    return new TypeError("Cannot read properties of undefined (reading 'length')");
  return {
    url: typeof webhook.url === "string" ? webhook.url : "",
    events: webhook.events.filter((event): event is string => typeof event === "string"),
    headers: stringMap(webhook.headers),
    enabled: webhook.enabled === true,
    byEvents: webhook.byEvents === true,
  };
}

/** POST /webhook/set/{instance} {webhook: {enabled, url, events, headers, byEvents}} */
export async function handleSetWebhook(call: EvolutionCall, instance: EvolutionInstance): Promise<void> {
  const body = await readEvolutionBody(call);
  if (body === undefined) return;
  if (typeof body.webhook !== "object" || body.webhook === null) {
    return sendEvolutionError(call.res, 400, [['instance requires property "webhook"']]);
  }
  const config = webhookConfigFrom(body.webhook as Record<string, unknown>);
  if (config instanceof Error) return sendEvolutionError(call.res, 500, config.message);
  instance.webhook = config;
  writeJson(call.res, 201, {
    id: instance.id,
    url: config.url,
    enabled: config.enabled,
    events: config.events,
    headers: config.headers,
    webhookByEvents: config.byEvents,
    instanceId: instance.id,
  });
}
