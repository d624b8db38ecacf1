export { startTurboZapSim } from "./server";
export type {
  LoggedPresence,
  SimFaults,
  SimInstanceInfo,
  SimOptions,
  SimReceiptDelays,
  SimSend,
  SimSendType,
  TurboZapSim,
} from "./types";
