import type { ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import type { HttpRawResult, TransportError } from "./http-raw-result";

/** One HTTP request/answer, described without the URL parsing and auth that the client owns. */
export interface HttpExchange<B> {
  request: (options: RequestOptions) => ClientRequest;
  options: RequestOptions;
  body: string | undefined;
  timeoutMs: number;
  /** Removes secrets from any text that leaves the exchange (error messages, answer bodies). */
  redact: (text: string) => string;
  /** Reads the gateway's answer body (already redacted); null when it is not what the gateway sends. */
  parse: (text: string) => B | null;
}

interface WireProgress {
  /** The whole request reached the socket: from here on the gateway may act on it. */
  written: boolean;
  answering: boolean;
  timedOut: boolean;
}

class DeadlineExceeded extends Error {
  readonly code = "TIMEOUT";
}

function transportError(err: unknown, redact: (text: string) => string): TransportError {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  return { code: typeof code === "string" ? code : "UNKNOWN", message: redact(message) };
}

/**
 * The line that matters for a send: a request that never fully reached the socket cannot have been
 * acted on (the gateway needs the whole JSON body), so it is safe to repeat; once written, silence is
 * ambiguous. Anything interrupted after the answer began also counts as written.
 */
function classifyFailure<B>(
  err: unknown,
  progress: WireProgress,
  exchange: HttpExchange<B>,
): HttpRawResult<B> {
  const error = transportError(err, exchange.redact);
  if (!progress.written && !progress.answering) return { kind: "failed-before-send", error };
  return { kind: "no-answer", reason: progress.timedOut ? "timeout" : "reset", error };
}

function readAnswer<B>(
  res: IncomingMessage,
  exchange: HttpExchange<B>,
  settle: (result: HttpRawResult<B>) => void,
  fail: (err: unknown) => void,
): void {
  let text = "";
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => {
    text += chunk;
  });
  res.on("end", () => {
    settle({ kind: "response", status: res.statusCode ?? 0, body: exchange.parse(exchange.redact(text)) });
  });
  res.on("error", fail);
  // A socket closed mid-answer without 'end' or 'error' must still settle the promise.
  res.on("close", () => {
    if (!res.complete) fail(Object.assign(new Error("connection closed mid-answer"), { code: "ECONNRESET" }));
  });
}

/** Runs one request under a total deadline (not an idle timeout: a trickling gateway must not hold us). */
export function exchange<B>(call: HttpExchange<B>): Promise<HttpRawResult<B>> {
  return new Promise((resolve) => {
    const progress: WireProgress = { written: false, answering: false, timedOut: false };
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (result: HttpRawResult<B>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (err: unknown): void => settle(classifyFailure(err, progress, call));
    const req = call.request(call.options);
    timer = setTimeout(() => {
      progress.timedOut = true;
      req.destroy(new DeadlineExceeded(`no answer within ${call.timeoutMs} ms`));
    }, call.timeoutMs);
    req.on("finish", () => {
      progress.written = true;
    });
    req.on("error", fail);
    req.on("response", (res) => {
      progress.answering = true;
      readAnswer(res, call, settle, fail);
    });
    req.end(call.body);
  });
}
