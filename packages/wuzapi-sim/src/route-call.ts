import type { IncomingMessage, ServerResponse } from "node:http";
import type { WuzapiContext } from "./context";
import type { WuzapiUser } from "./user";

export interface WuzapiCall {
  ctx: WuzapiContext;
  req: IncomingMessage;
  res: ServerResponse;
  segments: string[];
}

/** A user call whose token was found. */
export interface UserCall extends WuzapiCall {
  user: WuzapiUser;
}
