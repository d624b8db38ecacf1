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

/**
 * Intents per batch: one batch's jobs share a creation time and are claimed oldest first, so the
 * instances take turns every BATCH intents. One batch per instance sent every job of the first
 * before any of the second, and the gateway scenario's number dropped after half a second met no
 * send in three runs.
 */
const BATCH = 25;

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
 * Creates and approves `count` TEXT intents, spread over the instances (intent `firstIndex + i` on
 * instance `i % instances`), numbered from `firstIndex` so that successive calls give every intent its own
 * phone. They go in batches, the instances in turn: the load is the scenario's setting, not what it
 * proves, and one call per intent took most of a run (2,000 intents over 16 lanes of two calls each:
 * 38.6 s, against 0.9 s in batches of 1,000, on a busy 2-core machine).
 */
export async function createApprovedIntents(
  baseUrl: string,
  instanceIds: readonly string[],
  count: number,
  firstIndex = 0,
): Promise<void> {
  const step = BATCH * instanceIds.length;
  for (let from = firstIndex; from < firstIndex + count; from += step) {
    for (const [lane, instanceId] of instanceIds.entries()) {
      const messages = [];
      for (
        let index = from + lane;
        index < Math.min(from + step, firstIndex + count);
        index += instanceIds.length
      )
        messages.push({ phone: phoneOf(index), text: `fault suite message ${index}` });
      if (messages.length > 0) await approveBatch(baseUrl, instanceId, messages);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function randomBetween(min: number, max: number): number {
  return min + Math.random() * (max - min);
}
