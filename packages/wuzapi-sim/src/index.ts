export { startWuzapiSim } from "./server";
export type {
  WuzapiSendType,
  WuzapiSim,
  WuzapiSimFaults,
  WuzapiSimInstanceInfo,
  WuzapiSimOptions,
  WuzapiSimSend,
} from "./types";
