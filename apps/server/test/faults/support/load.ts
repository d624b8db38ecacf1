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
 * Creates and approves `count` TEXT intents, spread over the instances, `parallel` at a time;
 * numbered from `firstIndex`, so that successive calls give every intent its own phone.
 * Returns the intent ids by phone number.
 */
export async function createApprovedIntents(
  baseUrl: string,
  instanceIds: readonly string[],
  count: number,
  parallel = 16,
  firstIndex = 0,
): Promise<Map<string, string>> {
  const byPhone = new Map<string, string>();
  let next = firstIndex;
  const lane = async () => {
    while (next < firstIndex + count) {
      const index = next++;
      const phone = phoneOf(index);
      const intent = await call(baseUrl, "POST", "/v1/intents", {
        target: { kind: "PHONE", value: `+${phone}` },
        type: "TEXT",
        payload: { text: `fault suite message ${index}` },
      });
      const instanceId = instanceIds[index % instanceIds.length];
      await call(baseUrl, "POST", `/v1/intents/${intent.id}/approve`, { instanceId });
      byPhone.set(phone, intent.id as string);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return byPhone;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function randomBetween(min: number, max: number): number {
  return min + Math.random() * (max - min);
}
