import { faultAuth } from "./fault-env";

/** Calls an executor process's HTTP API as a client would. */
async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? faultAuth() : { ...faultAuth(), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function registerInstance(baseUrl: string, name: string): Promise<string> {
  const instance = await call(baseUrl, "POST", "/v1/instances", { name });
  return instance.id as string;
}

/** The phone number of intent `index`: every intent has its own, so sends can be counted per intent. */
export function phoneOf(index: number): string {
  return `55119${String(index + 1).padStart(8, "0")}`;
}

/** The most items `POST /v1/intents:batch` takes at once. */
const BATCH_LIMIT = 1_000;

/** Creates TEXT intents and approves them on `instanceId` in one `POST /v1/intents:batch`, in item order. */
export async function approveBatch(
  baseUrl: string,
  instanceId: string,
  messages: readonly { phone: string; text: string }[],
): Promise<void> {
  await call(baseUrl, "POST", "/v1/intents:batch", {
    instanceId,
    items: messages.map(({ phone, text }) => ({
      target: { kind: "PHONE", value: `+${phone}` },
      type: "TEXT",
      payload: { text },
    })),
  });
}

/**
 * Creates and approves `count` TEXT intents, spread over the instances (intent `index` on instance
 * `index % instances`), numbered from `firstIndex` so that successive calls give every intent its own
 * phone. Each instance's share goes in batches, all instances at once: the load is the scenario's
 * setting, not what it proves, and one call per intent took most of a run (2,000 intents over 16
 * lanes of two calls each: 38.6 s, against 0.9 s in batches, on a busy 2-core machine).
 */
export async function createApprovedIntents(
  baseUrl: string,
  instanceIds: readonly string[],
  count: number,
  firstIndex = 0,
): Promise<void> {
  await Promise.all(
    instanceIds.map(async (instanceId, lane) => {
      const indices = Array.from({ length: count }, (_, i) => firstIndex + i).filter(
        (index) => index % instanceIds.length === lane,
      );
      for (let from = 0; from < indices.length; from += BATCH_LIMIT) {
        const chunk = indices.slice(from, from + BATCH_LIMIT);
        const messages = chunk.map((index) => ({
          phone: phoneOf(index),
          text: `fault suite message ${index}`,
        }));
        await approveBatch(baseUrl, instanceId, messages);
      }
    }),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function randomBetween(min: number, max: number): number {
  return min + Math.random() * (max - min);
}
