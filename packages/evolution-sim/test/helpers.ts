import type { EvolutionSim } from "../src/index";

export interface ApiResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests poke into arbitrary JSON answers
  body: any;
}

export async function call(
  sim: EvolutionSim,
  method: string,
  path: string,
  options: { body?: unknown; key?: string | null; signal?: AbortSignal } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const key = options.key === undefined ? sim.apiKey : options.key;
  if (key !== null) headers.apikey = key;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    init.body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  if (options.signal !== undefined) init.signal = options.signal;
  const response = await fetch(`${sim.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

export function sendText(sim: EvolutionSim, instance: string, number = "5511999999999", key?: string | null) {
  return call(sim, "POST", `/message/sendText/${instance}`, { body: { number, text: "Olá" }, key });
}

export async function setWebhook(sim: EvolutionSim, instance: string, url: string, events: string[] = []) {
  const res = await call(sim, "POST", `/webhook/set/${instance}`, {
    body: { webhook: { enabled: true, url, events, headers: { "x-secret": "s3cret" }, byEvents: false } },
  });
  if (res.status !== 201) throw new Error(`webhook/set answered ${res.status}`);
}
