import type { FastifyRequest } from "fastify";

/** Version 00 of W3C Trace Context: trace id and parent id in lowercase hex, neither all zeros. */
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The caller's `traceparent` header when it is a valid one, else null: as W3C Trace Context asks,
 * a malformed one is ignored (the request goes on untraced), never refused, so that a caller's
 * tracing library cannot stop its messages.
 */
export function traceparentOf(request: FastifyRequest): string | null {
  const header = request.headers.traceparent;
  return typeof header === "string" && TRACEPARENT.test(header) ? header : null;
}
