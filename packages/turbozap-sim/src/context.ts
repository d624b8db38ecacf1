import type {
  CheckLog,
  HeldResponses,
  InFlightTracker,
  PresenceLog,
  SendLog,
  TimerBag,
} from "@whatlead/sim-kit";
import type { InstanceRegistry } from "./instance-registry";
import type { SendEvents } from "./send-events";
import type { SimFaults, SimSend } from "./types";

/** Everything a route handler may touch; one per running sim. */
export interface SimContext {
  adminKey: string;
  registry: InstanceRegistry;
  faults: SimFaults;
  sendLog: SendLog<SimSend>;
  presenceLog: PresenceLog;
  checkLog: CheckLog;
  inFlight: InFlightTracker;
  sendEvents: SendEvents;
  timers: TimerBag;
  hanging: HeldResponses;
}
