import type {
  CheckLog,
  HeldResponses,
  InFlightTracker,
  InstanceDirectory,
  PresenceLog,
  SendLog,
  TimerBag,
} from "@whatlead/sim-kit";
import type { EvolutionInstance } from "./instance";
import type { EvolutionSendEvents } from "./send-events";
import type { EvolutionSimFaults, EvolutionSimSend } from "./types";
import type { EvolutionWebhooks } from "./webhooks";

/** Everything a route handler may touch; one per running sim. */
export interface EvolutionContext {
  adminKey: string;
  autoConnect: boolean;
  instances: InstanceDirectory<EvolutionInstance>;
  faults: EvolutionSimFaults;
  sendLog: SendLog<EvolutionSimSend>;
  presenceLog: PresenceLog;
  checkLog: CheckLog;
  inFlight: InFlightTracker;
  sendEvents: EvolutionSendEvents;
  webhooks: EvolutionWebhooks;
  timers: TimerBag;
  held: HeldResponses;
}
