import type { WuzapiSim } from "../src/index";

export interface ApiResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests poke into arbitrary JSON answers
  body: any;
}

export async function call(
  sim: WuzapiSim,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; admin?: string; signal?: AbortSignal } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (options.token !== undefined) headers.token = options.token;
  if (options.admin !== undefined) headers.Authorization = options.admin;
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
    // plain-text answers (the mux's 404) stay as text
  }
  return { status: response.status, body };
}

export function sendText(sim: WuzapiSim, token: string, body: Record<string, unknown> = {}) {
  return call(sim, "POST", "/chat/send/text", {
    token,
    body: { Phone: "5511999999999", Body: "oi", ...body },
  });
}

export const outcomeOf = (pending: Promise<unknown>) =>
  pending.then(
    () => "answered",
    (error: Error) => error.name,
  );

export const IMAGE =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
