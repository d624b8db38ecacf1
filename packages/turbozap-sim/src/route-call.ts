import type { IncomingMessage, ServerResponse } from "node:http";
import type { Auth } from "./auth";
import type { SimContext } from "./context";

/** One routed request: path segments are already split and decoded. */
export interface RouteCall {
  ctx: SimContext;
  req: IncomingMessage;
  res: ServerResponse;
  segments: string[];
}

export interface AuthedCall extends RouteCall {
  auth: Exclude<Auth, { kind: "rejected" }>;
}
