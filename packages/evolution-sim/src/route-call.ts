import type { IncomingMessage, ServerResponse } from "node:http";
import type { EvolutionContext } from "./context";

/** One routed request: path segments are already split and decoded. */
export interface EvolutionCall {
  ctx: EvolutionContext;
  req: IncomingMessage;
  res: ServerResponse;
  segments: string[];
}
