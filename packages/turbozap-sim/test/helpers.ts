import type { TurboZapSim } from "../src/index";

export { type Receiver, startReceiver } from "@whatlead/sim-kit";

export interface ApiResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests poke into arbitrary JSON envelopes
  body: any;
}

export async function call(
  sim: TurboZapSim,
  method: string,
  path: string,
  options: {
    body?: unknown;
    key?: string | null;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...options.headers };
  const key = options.key === undefined ? sim.apiKey : options.key;
  if (key !== null) headers["X-API-Key"] = key;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    init.body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  if (options.signal !== undefined) init.signal = options.signal;
  const response = await fetch(`${sim.url}${path}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain-text answers (Fiber's 404) stay as text
  }
  return { status: response.status, body };
}

export function sendText(sim: TurboZapSim, instance: string, to = "5511999999999", key?: string | null) {
  return call(sim, "POST", `/api/message/${instance}/text`, { body: { to, text: "hello" }, key });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(5);
  }
}
