import http from "node:http";
import https from "node:https";
import { exchange } from "./turbozap-exchange";
import type { TurboZapRawResult } from "./turbozap-raw-result";
import type {
  TurboZapAudioRequest,
  TurboZapMediaRequest,
  TurboZapReactionRequest,
  TurboZapTextRequest,
  TurboZapWebhookRequest,
} from "./turbozap-requests";

export interface TurboZapClientOptions {
  /** e.g. `http://localhost:8080`; a path prefix is kept (gateway behind a reverse proxy). */
  baseUrl: string;
  apiKey: string;
  /** Total deadline of one call, connect included. */
  timeoutMs: number;
  /** Concurrent sockets to the gateway; default 256. */
  maxSockets?: number;
}

/**
 * Idle keep-alive sockets are dropped before a typical server idle timeout (Node 5 s, proxies more):
 * writing a send on a socket the server just closed ends in a reset AFTER the write, which we would have
 * to report as "maybe sent". Setting it also lets Node honour a shorter `Keep-Alive: timeout=` hint.
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;
const DEFAULT_MAX_SOCKETS = 256;
const REDACTED = "[redacted]";

type Method = "GET" | "POST";

function segment(name: string): string {
  return encodeURIComponent(name);
}

/**
 * Thin HTTP client for the TurboZap contract: one method per route, no interpretation of the answer.
 * Uses node:http with a keep-alive agent, much faster than global fetch at our send rates.
 * The key lives in a private field so that logging the client cannot print it.
 */
export class TurboZapClient {
  readonly timeoutMs: number;
  readonly #apiKey: string;
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;
  readonly #hostname: string;
  readonly #port: string;
  readonly #basePath: string;

  constructor(options: TurboZapClientOptions) {
    if (!options.apiKey) throw new Error("TurboZapClient: apiKey is required");
    if (!(options.timeoutMs > 0)) throw new Error("TurboZapClient: timeoutMs must be positive");
    const url = new URL(options.baseUrl);
    const secure = url.protocol === "https:";
    if (!secure && url.protocol !== "http:") throw new Error("TurboZapClient: baseUrl must be http(s)");
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets ?? DEFAULT_MAX_SOCKETS,
      timeout: IDLE_SOCKET_TIMEOUT_MS,
    };
    this.timeoutMs = options.timeoutMs;
    this.#apiKey = options.apiKey;
    this.#agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.#request = secure ? https.request : http.request;
    this.#hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
    this.#port = url.port;
    this.#basePath = url.pathname.replace(/\/+$/, "");
  }

  sendText(instance: string, body: TurboZapTextRequest): Promise<TurboZapRawResult> {
    return this.#call("POST", `/api/message/${segment(instance)}/text`, body);
  }

  sendMedia(instance: string, body: TurboZapMediaRequest): Promise<TurboZapRawResult> {
    return this.#call("POST", `/api/message/${segment(instance)}/media`, body);
  }

  sendAudio(instance: string, body: TurboZapAudioRequest): Promise<TurboZapRawResult> {
    return this.#call("POST", `/api/message/${segment(instance)}/audio`, body);
  }

  sendReaction(instance: string, body: TurboZapReactionRequest): Promise<TurboZapRawResult> {
    return this.#call("POST", `/api/message/${segment(instance)}/reaction`, body);
  }

  createInstance(name: string): Promise<TurboZapRawResult> {
    return this.#call("POST", "/api/instance/create", { name });
  }

  connectInstance(name: string): Promise<TurboZapRawResult> {
    return this.#call("POST", `/api/instance/${segment(name)}/connect`, {});
  }

  getInstanceStatus(name: string): Promise<TurboZapRawResult> {
    return this.#call("GET", `/api/instance/${segment(name)}/status`);
  }

  setWebhook(name: string, body: TurboZapWebhookRequest): Promise<TurboZapRawResult> {
    return this.#call("POST", `/api/webhook/${segment(name)}/set`, body);
  }

  health(): Promise<TurboZapRawResult> {
    return this.#call("GET", "/health");
  }

  /** Drops pooled sockets; calls in flight are aborted. */
  close(): void {
    this.#agent.destroy();
  }

  #call(method: Method, path: string, payload?: unknown): Promise<TurboZapRawResult> {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const headers: http.OutgoingHttpHeaders = { "X-API-Key": this.#apiKey, Accept: "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = Buffer.byteLength(body);
    }
    return exchange({
      request: this.#request,
      options: {
        agent: this.#agent,
        hostname: this.#hostname,
        port: this.#port,
        path: this.#basePath + path,
        method,
        headers,
      },
      body,
      timeoutMs: this.timeoutMs,
      redact: this.#redact,
    });
  }

  readonly #redact = (text: string): string =>
    text.includes(this.#apiKey) ? text.split(this.#apiKey).join(REDACTED) : text;
}
