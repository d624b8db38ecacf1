import { readBody, writePlain } from "@whatlead/sim-kit";
import type { BodyShape } from "./body-shape";
import { decodeBody } from "./body-shape";
import type { RouteCall } from "./route-call";

// The gateway's body limit (Fiber BodyLimit).
const BODY_LIMIT_BYTES = 50 * 1024 * 1024;

export type DecodedBody = { ok: true; body: Record<string, unknown> | undefined } | { ok: false };

/**
 * Reads and decodes the body; body undefined means "Invalid request body" (the caller decides when to say it,
 * since the gateway checks some things first). ok false means the answer was already written or the client left.
 */
export async function readRequestBody(call: RouteCall, shape: BodyShape): Promise<DecodedBody> {
  const result = await readBody(call.req, BODY_LIMIT_BYTES);
  if (!result.ok) {
    if (result.reason === "too-large") {
      call.res.shouldKeepAlive = false;
      writePlain(call.res, 413, "Request Entity Too Large");
    }
    return { ok: false };
  }
  return { ok: true, body: decodeBody(result.raw, call.req.headers["content-type"], shape) };
}
