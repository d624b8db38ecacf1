export { startTurboZapSim } from "./server";
export type {
  SimFaults,
  SimInstanceInfo,
  SimOptions,
  SimReceiptDelays,
  SimSend,
  SimSendType,
  TurboZapSim,
} from "./types";
