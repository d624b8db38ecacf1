import type {
  CheckLog,
  HeldResponses,
  InFlightTracker,
  InstanceDirectory,
  PresenceLog,
  SendLog,
  TimerBag,
} from "@whatlead/sim-kit";
import type { WuzapiReceipts } from "./receipts";
import type { WuzapiSimFaults, WuzapiSimSend } from "./types";
import type { WuzapiUser } from "./user";

export interface WuzapiTimeouts {
  ackTimeoutMs: number;
  writeTimeoutMs: number;
  connectWaitMs: number;
}

/** Everything a route handler may touch; one per running sim. */
export interface WuzapiContext {
  adminToken: string;
  autoConnect: boolean;
  users: InstanceDirectory<WuzapiUser>;
  nextUserId: number;
  faults: WuzapiSimFaults;
  timeouts: WuzapiTimeouts;
  sendLog: SendLog<WuzapiSimSend>;
  presenceLog: PresenceLog;
  checkLog: CheckLog;
  inFlight: InFlightTracker;
  receipts: WuzapiReceipts;
  timers: TimerBag;
  held: HeldResponses;
}
