import type { FastifyInstance, FastifyReply } from "fastify";
import type { ApiKeys } from "../auth/api-keys";
import { errorBody } from "./error-handler";
import { needsApiKey } from "./public-paths";
import type { RateLimiter } from "./rate-limiter";

const BEARER = /^Bearer[ \t]+(\S{1,512})[ \t]*$/i;

/**
 * Every route that needs an API key gets `request.caller` from `Authorization: Bearer <key>`, or
 * a 401; then the key's rate limit applies (429 with Retry-After). Unknown or revoked keys spend
 * the client address's allowance of failures; once it is spent, that address is answered 429
 * before any key is looked up, so guessing costs no database work.
 */
export function registerAuthentication(
  app: FastifyInstance,
  apiKeys: ApiKeys,
  limiter: RateLimiter,
  failures: RateLimiter,
): void {
  app.decorateRequest("caller", null);
  app.addHook("onRequest", async (request, reply) => {
    // The route pattern decides: no spelling of a URL reaches a route unchecked. A wildcard route
    // (the dashboard's pages catch every other GET) also answers for the path it was asked.
    const path = request.url.split("?")[0] ?? "";
    const pattern = request.routeOptions.url ?? path;
    if (!needsApiKey(pattern) && !(pattern.includes("*") && needsApiKey(path))) return;
    const header = request.headers.authorization;
    if (header === undefined || header === "") {
      return unauthenticated(
        reply,
        "this route needs an API key: send the header Authorization: Bearer <key>",
      );
    }
    const blockedMs = failures.waitFor(request.ip);
    if (blockedMs > 0)
      return tooMany(
        reply,
        blockedMs,
        "AUTH_RATE_LIMITED",
        "too many failed authentications from this address; retry after the Retry-After seconds",
      );
    const secret = BEARER.exec(header)?.[1];
    if (secret === undefined) {
      return unauthenticated(reply, "the Authorization header must be `Bearer <key>`");
    }
    const caller = await apiKeys.authenticate(secret);
    if (!caller) {
      failures.take(request.ip);
      return unauthenticated(reply, "the API key is unknown or revoked");
    }
    request.caller = caller;
    const waitMs = limiter.take(caller.keyId);
    if (waitMs > 0)
      return tooMany(
        reply,
        waitMs,
        "RATE_LIMITED",
        "too many requests for this API key; retry after the Retry-After seconds",
      );
  });
}

function tooMany(reply: FastifyReply, waitMs: number, code: string, message: string): FastifyReply {
  return reply
    .status(429)
    .header("retry-after", String(Math.ceil(waitMs / 1000)))
    .send(errorBody(code, message));
}

function unauthenticated(reply: FastifyReply, message: string): FastifyReply {
  return reply.status(401).header("www-authenticate", "Bearer").send(errorBody("UNAUTHENTICATED", message));
}
