import { GatewayHttp, type GatewayHttpOptions, segment } from "../http/gateway-http";
import { parseEnvelope } from "./turbozap-envelope";
import type { TurboZapRawResult } from "./turbozap-raw-result";
import type {
  TurboZapAudioRequest,
  TurboZapMediaRequest,
  TurboZapPresenceRequest,
  TurboZapReactionRequest,
  TurboZapTextRequest,
  TurboZapWebhookRequest,
} from "./turbozap-requests";

export interface TurboZapClientOptions extends GatewayHttpOptions {
  apiKey: string;
}

type Method = "GET" | "POST";

/**
 * Thin HTTP client for the TurboZap contract: one method per route, no interpretation of the answer.
 * The key lives in a private field so that logging the client cannot print it.
 */
export class TurboZapClient {
  readonly timeoutMs: number;
  readonly #apiKey: string;
  readonly #http: GatewayHttp;

  constructor(options: TurboZapClientOptions) {
    if (!options.apiKey) throw new Error("TurboZapClient: apiKey is required");
    this.#http = new GatewayHttp("TurboZapClient", options, [options.apiKey]);
    this.timeoutMs = this.#http.timeoutMs;
    this.#apiKey = options.apiKey;
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

  /** `composing` shows "typing…", `recording` "recording audio…", until a message goes or `clear`. */
  setPresence(
    instance: string,
    state: "composing" | "recording",
    body: TurboZapPresenceRequest,
  ): Promise<TurboZapRawResult> {
    return this.#call("POST", `/api/presence/${segment(instance)}/${state}`, body);
  }

  /** `{results: [{number, jid?, exists, is_business?}]}`, one per number asked. */
  checkNumbers(instance: string, numbers: string[]): Promise<TurboZapRawResult> {
    return this.#call("POST", `/api/contact/${segment(instance)}/check`, { numbers });
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
    this.#http.close();
  }

  #call(method: Method, path: string, payload?: unknown): Promise<TurboZapRawResult> {
    return this.#http.call({
      method,
      path,
      headers: { "X-API-Key": this.#apiKey },
      payload,
      parse: parseEnvelope,
    });
  }
}
