import { readBody } from "@whatlead/sim-kit";
import { sendEvolutionError } from "./envelope";
import type { EvolutionCall } from "./route-call";

// Express: JSON or urlencoded up to 136 MB (src/main.ts:62); other bodies read as empty.
const BODY_LIMIT_BYTES = 136 * 1024 * 1024;

function parse(raw: string, contentType: string): unknown {
  if (contentType.includes("json")) return raw === "" ? {} : JSON.parse(raw);
  if (contentType.includes("x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  return {};
}

/** The parsed body, or undefined when the answer (413, malformed JSON) was already written or the client left. */
export async function readEvolutionBody(call: EvolutionCall): Promise<Record<string, unknown> | undefined> {
  const result = await readBody(call.req, BODY_LIMIT_BYTES);
  if (!result.ok) {
    if (result.reason === "too-large") sendEvolutionError(call.res, 413, "request entity too large");
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = parse(result.raw.toString("utf8"), call.req.headers["content-type"] ?? "");
  } catch (error) {
    // body-parser's SyntaxError reaches the error handler, which names every error a server error.
    sendEvolutionError(call.res, 400, (error as Error).message, "Internal Server Error");
    return undefined;
  }
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}
