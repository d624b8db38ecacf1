import type { IncomingMessage } from "node:http";
import type { SimInstance } from "./instance";
import type { InstanceRegistry } from "./instance-registry";

export type Auth =
  | { kind: "admin" }
  | { kind: "instance"; instance: SimInstance }
  | { kind: "rejected"; message: "API key is required" | "Invalid API key" };

/** X-API-Key first, then "Authorization: Bearer <key>", as the gateway's middleware reads them. */
export function extractApiKey(req: IncomingMessage): string {
  const header = req.headers["x-api-key"];
  if (typeof header === "string" && header !== "") return header;
  const authorization = req.headers.authorization;
  if (authorization?.startsWith("Bearer ")) return authorization.slice("Bearer ".length);
  return "";
}

export function authenticate(req: IncomingMessage, adminKey: string, registry: InstanceRegistry): Auth {
  const key = extractApiKey(req);
  if (key === "") return { kind: "rejected", message: "API key is required" };
  if (key === adminKey) return { kind: "admin" };
  const instance = registry.getByApiKey(key);
  if (instance === undefined) return { kind: "rejected", message: "Invalid API key" };
  return { kind: "instance", instance };
}

/**
 * An instance key only grants its own instance. The gateway writes 403 for a foreign one but still runs
 * the handler, so callers use this to pick the status of an otherwise successful answer.
 */
export function isForeignKey(auth: Auth, instanceName: string): boolean {
  return auth.kind === "instance" && auth.instance.name !== instanceName;
}
