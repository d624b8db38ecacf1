import type { ServerResponse } from "node:http";
import type { InFlightTracker } from "./in-flight";
import type { InstanceRegistry } from "./instance-registry";
import type { SendEvents } from "./send-events";
import type { SendLog } from "./send-log";
import type { TimerBag } from "./timer-bag";
import type { SimFaults } from "./types";

/** Everything a route handler may touch; one per running sim. */
export interface SimContext {
  adminKey: string;
  registry: InstanceRegistry;
  faults: SimFaults;
  sendLog: SendLog;
  inFlight: InFlightTracker;
  sendEvents: SendEvents;
  timers: TimerBag;
  /** Responses held open by the hang fault, destroyed on close(). */
  hanging: Set<ServerResponse>;
}
