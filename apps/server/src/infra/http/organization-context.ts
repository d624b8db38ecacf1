import type { FastifyRequest } from "fastify";
import type { Caller } from "../auth/api-keys";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the authentication hook on every route that needs an API key. */
    caller: Caller | null;
  }
}

/** The organization of the API key that authenticated the request; every query is scoped by it. */
export function organizationOf(request: FastifyRequest): string {
  if (!request.caller) throw new Error(`${request.url} reads the organization but is not authenticated`);
  return request.caller.organizationId;
}
