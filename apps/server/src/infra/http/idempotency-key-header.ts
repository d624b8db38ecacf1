import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { canonicalJson } from "./canonical-json";
import { HttpError } from "./http-error";

const PRINTABLE_1_TO_255 = /^[\x20-\x7e]{1,255}$/;

/** Node joins repeated headers with ", ": two keys would pass as one key that neither client sent. */
function sentMoreThanOnce(request: FastifyRequest): boolean {
  const names = request.raw.rawHeaders.filter((_, i) => i % 2 === 0);
  return names.filter((name) => name.toLowerCase() === "idempotency-key").length > 1;
}

/** The request's Idempotency-Key and the hash of its validated body; undefined without the header. */
export function idempotencyOf(request: FastifyRequest): { key: string; requestHash: string } | undefined {
  const key = request.headers["idempotency-key"];
  if (key === undefined) return undefined;
  if (typeof key !== "string" || !PRINTABLE_1_TO_255.test(key) || sentMoreThanOnce(request)) {
    throw new HttpError(
      400,
      "VALIDATION_ERROR",
      "headers.idempotency-key: must be 1 to 255 printable ASCII characters, sent once",
    );
  }
  // The validated body: defaults filled and strings trimmed, so equivalent requests match.
  const requestHash = createHash("sha256").update(canonicalJson(request.body)).digest("hex");
  return { key, requestHash };
}
