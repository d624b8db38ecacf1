import http from "node:http";
import https from "node:https";
import { NO_TRACING, type SpanAttributes, type Tracing } from "../../tracing/tracing";
import { exchange } from "./http-exchange";
import type { HttpRawResult } from "./http-raw-result";

export interface GatewayHttpOptions {
  /** e.g. `http://localhost:8080`; a path prefix is kept (gateway behind a reverse proxy). */
  baseUrl: string;
  /** Total deadline of one call, connect included. */
  timeoutMs: number;
  /** Concurrent sockets to the gateway; default 256. */
  maxSockets?: number;
  /** Each call is a client span (child of the attempt's); default off. */
  tracing?: Tracing;
}

export interface GatewayRequest<B> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  headers: http.OutgoingHttpHeaders;
  /** Sent as JSON when present. */
  payload?: unknown;
  parse: (text: string) => B | null;
  /** Secrets of this call (a per-instance token) that must not leave it, besides the client's own. */
  secrets?: readonly string[];
}

/**
 * Idle keep-alive sockets are dropped before a typical server idle timeout (Node 5 s, proxies more):
 * writing a send on a socket the server just closed ends in a reset AFTER the write, which we would have
 * to report as "maybe sent". Setting it also lets Node honour a shorter `Keep-Alive: timeout=` hint.
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;
const DEFAULT_MAX_SOCKETS = 256;
const REDACTED = "[redacted]";

function redactAll(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret !== "" && redacted.includes(secret)) redacted = redacted.split(secret).join(REDACTED);
  }
  return redacted;
}

/**
 * The HTTP side every gateway client shares: node:http with a keep-alive agent (much faster than global
 * fetch at our send rates), one total deadline per call, and secrets kept in private fields and scrubbed
 * from whatever text comes back, so that logging a client or an answer cannot print them.
 */
export class GatewayHttp {
  readonly timeoutMs: number;
  readonly #secrets: readonly string[];
  readonly #agent: http.Agent;
  readonly #request: typeof http.request;
  readonly #hostname: string;
  readonly #port: string;
  readonly #basePath: string;
  readonly #tracing: Tracing;
  /** Where calls go, for their spans (an origin holds no credentials). */
  readonly #origin: string;

  constructor(client: string, options: GatewayHttpOptions, secrets: readonly string[]) {
    if (!(options.timeoutMs > 0)) throw new Error(`${client}: timeoutMs must be positive`);
    const url = new URL(options.baseUrl);
    const secure = url.protocol === "https:";
    if (!secure && url.protocol !== "http:") throw new Error(`${client}: baseUrl must be http(s)`);
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets ?? DEFAULT_MAX_SOCKETS,
      timeout: IDLE_SOCKET_TIMEOUT_MS,
    };
    this.timeoutMs = options.timeoutMs;
    this.#secrets = secrets;
    this.#agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.#request = secure ? https.request : http.request;
    this.#hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
    this.#port = url.port;
    this.#basePath = url.pathname.replace(/\/+$/, "");
    this.#tracing = options.tracing ?? NO_TRACING;
    this.#origin = url.origin;
  }

  /** One call as an HTTP client span (semantic conventions), the span's `traceparent` sent along. */
  call<B>(request: GatewayRequest<B>): Promise<HttpRawResult<B>> {
    const path = this.#basePath + request.path;
    const attributes = {
      "http.request.method": request.method,
      "server.address": this.#hostname,
      "server.port": Number(this.#port) || undefined,
      "url.full": this.#origin + path,
    };
    return this.#tracing.inSpan(request.method, { kind: "client", attributes }, async (span) => {
      const headers = span.traceparent
        ? { ...request.headers, traceparent: span.traceparent }
        : request.headers;
      const result = await this.#send({ ...request, headers }, path);
      const answered = resultAttributes(result);
      span.setAttributes(answered);
      if (answered["error.type"] !== undefined) span.fail(String(answered["error.type"]));
      return result;
    });
  }

  #send<B>(request: GatewayRequest<B>, path: string): Promise<HttpRawResult<B>> {
    const body = request.payload === undefined ? undefined : JSON.stringify(request.payload);
    const headers: http.OutgoingHttpHeaders = { Accept: "application/json", ...request.headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = Buffer.byteLength(body);
    }
    const secrets = [...this.#secrets, ...(request.secrets ?? [])];
    return exchange({
      request: this.#request,
      options: {
        agent: this.#agent,
        hostname: this.#hostname,
        port: this.#port,
        path,
        method: request.method,
        headers,
      },
      body,
      timeoutMs: this.timeoutMs,
      redact: (text) => redactAll(text, secrets),
      parse: request.parse,
    });
  }

  /** Drops pooled sockets; calls in flight are aborted. */
  close(): void {
    this.#agent.destroy();
  }
}

/** The answer's status, or the transport's error code; `error.type` for a 4xx/5xx or no answer. */
function resultAttributes(result: HttpRawResult<unknown>): SpanAttributes {
  if (result.kind !== "response") return { "error.type": result.error.code };
  return {
    "http.response.status_code": result.status,
    "error.type": result.status >= 400 ? String(result.status) : undefined,
  };
}

/** A path segment from a name the gateway chose or we chose (instance names). */
export function segment(name: string): string {
  return encodeURIComponent(name);
}
