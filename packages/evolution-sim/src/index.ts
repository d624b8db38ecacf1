export { startEvolutionSim } from "./server";
export type {
  EvolutionSendType,
  EvolutionSim,
  EvolutionSimFaults,
  EvolutionSimInstanceInfo,
  EvolutionSimOptions,
  EvolutionSimSend,
} from "./types";
