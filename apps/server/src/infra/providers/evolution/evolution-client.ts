import { GatewayHttp, type GatewayHttpOptions, segment } from "../http/gateway-http";
import type { HttpRawResult } from "../http/http-raw-result";
import { type EvolutionAnswer, parseEvolutionAnswer } from "./evolution-answer";
import type {
  EvolutionAudioRequest,
  EvolutionCreateRequest,
  EvolutionMediaRequest,
  EvolutionPresenceRequest,
  EvolutionReactionRequest,
  EvolutionTextRequest,
  EvolutionWebhookRequest,
} from "./evolution-requests";

export interface EvolutionClientOptions extends GatewayHttpOptions {
  /** The global key (AUTHENTICATION_API_KEY): valid on every path, needed to create instances. */
  apiKey: string;
}

export type EvolutionRawResult = HttpRawResult<EvolutionAnswer>;

/**
 * Thin HTTP client for the Evolution API v2 contract: one method per route, no interpretation of the
 * answer. Each call may carry the instance's own token (its `hash`), used instead of the global key.
 */
export class EvolutionClient {
  readonly #apiKey: string;
  readonly #http: GatewayHttp;

  constructor(options: EvolutionClientOptions) {
    if (!options.apiKey) throw new Error("EvolutionClient: apiKey is required");
    this.#http = new GatewayHttp("EvolutionClient", options, [options.apiKey]);
    this.#apiKey = options.apiKey;
  }

  sendText(instance: string, body: EvolutionTextRequest, token?: string): Promise<EvolutionRawResult> {
    return this.#call("POST", `/message/sendText/${segment(instance)}`, body, token);
  }

  sendMedia(instance: string, body: EvolutionMediaRequest, token?: string): Promise<EvolutionRawResult> {
    return this.#call("POST", `/message/sendMedia/${segment(instance)}`, body, token);
  }

  sendWhatsAppAudio(
    instance: string,
    body: EvolutionAudioRequest,
    token?: string,
  ): Promise<EvolutionRawResult> {
    return this.#call("POST", `/message/sendWhatsAppAudio/${segment(instance)}`, body, token);
  }

  sendReaction(
    instance: string,
    body: EvolutionReactionRequest,
    token?: string,
  ): Promise<EvolutionRawResult> {
    return this.#call("POST", `/message/sendReaction/${segment(instance)}`, body, token);
  }

  /** Holds the request for `delay` ms while the presence shows, then sets `paused` and answers. */
  sendPresence(
    instance: string,
    body: EvolutionPresenceRequest,
    token?: string,
  ): Promise<EvolutionRawResult> {
    return this.#call("POST", `/chat/sendPresence/${segment(instance)}`, body, token);
  }

  /** Needs the global key; the instance's own token, when we choose it, is in the body and kept out of logs. */
  createInstance(body: EvolutionCreateRequest): Promise<EvolutionRawResult> {
    return this.#call("POST", "/instance/create", body, undefined, body.token);
  }

  connect(instance: string, token?: string): Promise<EvolutionRawResult> {
    return this.#call("GET", `/instance/connect/${segment(instance)}`, undefined, token);
  }

  connectionState(instance: string, token?: string): Promise<EvolutionRawResult> {
    return this.#call("GET", `/instance/connectionState/${segment(instance)}`, undefined, token);
  }

  logout(instance: string, token?: string): Promise<EvolutionRawResult> {
    return this.#call("DELETE", `/instance/logout/${segment(instance)}`, undefined, token);
  }

  deleteInstance(instance: string, token?: string): Promise<EvolutionRawResult> {
    return this.#call("DELETE", `/instance/delete/${segment(instance)}`, undefined, token);
  }

  setWebhook(instance: string, body: EvolutionWebhookRequest, token?: string): Promise<EvolutionRawResult> {
    return this.#call("POST", `/webhook/set/${segment(instance)}`, body, token);
  }

  whatsappNumbers(instance: string, numbers: string[], token?: string): Promise<EvolutionRawResult> {
    return this.#call("POST", `/chat/whatsappNumbers/${segment(instance)}`, { numbers }, token);
  }

  close(): void {
    this.#http.close();
  }

  #call(
    method: "GET" | "POST" | "DELETE",
    path: string,
    payload: unknown,
    token: string | undefined,
    bodySecret: string | undefined = undefined,
  ): Promise<EvolutionRawResult> {
    return this.#http.call({
      method,
      path,
      headers: { apikey: token ?? this.#apiKey },
      payload,
      parse: parseEvolutionAnswer,
      secrets: [token, bodySecret].filter((secret) => secret !== undefined),
    });
  }
}
