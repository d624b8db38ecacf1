import type { FastifyInstance } from "fastify";

// Suits JSON answers and a dashboard served from this origin; nothing may frame either.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "content-security-policy": CONTENT_SECURITY_POLICY,
};

const CORS_ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-Id, Last-Event-ID";
const CORS_ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";

/**
 * Headers every answer carries: its request id, the security headers and, only for origins
 * listed in CORS_ORIGINS, CORS. A CORS preflight from a listed origin is answered here.
 */
export function registerResponseHeaders(app: FastifyInstance, corsOrigins: readonly string[]): void {
  const allowed = new Set(corsOrigins);
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id).headers(SECURITY_HEADERS);
    // The answer depends on Origin whenever CORS is on, for every origin: a cache must not hand
    // one origin's answer (with or without the allow header) to another.
    if (allowed.size > 0) reply.header("vary", "Origin");
    const origin = request.headers.origin;
    if (origin === undefined || !(allowed.has(origin) || allowed.has("*"))) return;
    reply
      .header("access-control-allow-origin", origin)
      .header("access-control-expose-headers", "X-Request-Id, Retry-After");
    if (request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined) {
      return reply
        .status(204)
        .header("access-control-allow-methods", CORS_ALLOWED_METHODS)
        .header("access-control-allow-headers", CORS_ALLOWED_HEADERS)
        .header("access-control-max-age", "600")
        .send();
    }
  });
}
