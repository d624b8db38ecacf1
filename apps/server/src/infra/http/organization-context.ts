import type { FastifyRequest } from "fastify";

/** Until API keys exist, every caller acts for the single organization named "default". */
export const DEFAULT_ORGANIZATION_ID = "default";

export function organizationOf(_request: FastifyRequest): string {
  return DEFAULT_ORGANIZATION_ID;
}
