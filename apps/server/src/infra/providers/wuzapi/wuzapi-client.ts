import { GatewayHttp, type GatewayHttpOptions } from "../http/gateway-http";
import type { HttpRawResult } from "../http/http-raw-result";
import { parseWuzapiEnvelope, type WuzapiEnvelope } from "./wuzapi-envelope";
import type {
  WuzapiAudioRequest,
  WuzapiCreateUserRequest,
  WuzapiDocumentRequest,
  WuzapiImageRequest,
  WuzapiPresenceRequest,
  WuzapiReactionRequest,
  WuzapiTextRequest,
  WuzapiVideoRequest,
} from "./wuzapi-requests";

export interface WuzapiClientOptions extends GatewayHttpOptions {
  /** WUZAPI_ADMIN_TOKEN: only for /admin/users. */
  adminToken: string;
}

export type WuzapiRawResult = HttpRawResult<WuzapiEnvelope>;

/**
 * Thin HTTP client for the wuzapi contract: one method per route, no interpretation of the answer.
 * Every user call carries that user's token (the instance's credential), never logged.
 */
export class WuzapiClient {
  readonly #adminToken: string;
  readonly #http: GatewayHttp;

  constructor(options: WuzapiClientOptions) {
    if (!options.adminToken) throw new Error("WuzapiClient: adminToken is required");
    this.#http = new GatewayHttp("WuzapiClient", options, [options.adminToken]);
    this.#adminToken = options.adminToken;
  }

  sendText(token: string, body: WuzapiTextRequest): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/chat/send/text", body);
  }

  sendImage(token: string, body: WuzapiImageRequest): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/chat/send/image", body);
  }

  sendDocument(token: string, body: WuzapiDocumentRequest): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/chat/send/document", body);
  }

  sendVideo(token: string, body: WuzapiVideoRequest): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/chat/send/video", body);
  }

  sendAudio(token: string, body: WuzapiAudioRequest): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/chat/send/audio", body);
  }

  react(token: string, body: WuzapiReactionRequest): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/chat/react", body);
  }

  /** No auto-pause: the presence stays until a message goes or another State is set. */
  chatPresence(token: string, body: WuzapiPresenceRequest): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/chat/presence", body);
  }

  /** Immediate: without it the gateway blocks 10 s. */
  connect(token: string, subscribe: string[]): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/session/connect", { Subscribe: subscribe, Immediate: true });
  }

  sessionStatus(token: string): Promise<WuzapiRawResult> {
    return this.#user(token, "GET", "/session/status", undefined);
  }

  setWebhook(token: string, url: string, events: string[]): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/webhook", { webhookurl: url, events });
  }

  /** `""` until the gateway generated one; 500 `Already Loggedin` for a paired number. */
  qrCode(token: string): Promise<WuzapiRawResult> {
    return this.#user(token, "GET", "/session/qr", undefined);
  }

  logout(token: string): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/session/logout", {});
  }

  /** Ends the client: the gateway keeps a deleted user's client running otherwise. */
  disconnect(token: string): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/session/disconnect", {});
  }

  listUsers(): Promise<WuzapiRawResult> {
    return this.#admin("GET", "/admin/users", undefined, []);
  }

  deleteUser(id: number): Promise<WuzapiRawResult> {
    return this.#admin("DELETE", `/admin/users/${id}`, undefined, []);
  }

  checkUsers(token: string, phones: string[]): Promise<WuzapiRawResult> {
    return this.#user(token, "POST", "/user/check", { Phone: phones });
  }

  createUser(body: WuzapiCreateUserRequest): Promise<WuzapiRawResult> {
    return this.#admin("POST", "/admin/users", body, [body.token]);
  }

  close(): void {
    this.#http.close();
  }

  #admin(
    method: "GET" | "POST" | "DELETE",
    path: string,
    payload: unknown,
    secrets: string[],
  ): Promise<WuzapiRawResult> {
    return this.#http.call({
      method,
      path,
      headers: { Authorization: this.#adminToken },
      payload,
      parse: parseWuzapiEnvelope,
      secrets,
    });
  }

  #user(token: string, method: "GET" | "POST", path: string, payload: unknown): Promise<WuzapiRawResult> {
    return this.#http.call({
      method,
      path,
      headers: { token },
      payload,
      parse: parseWuzapiEnvelope,
      secrets: [token],
    });
  }
}
