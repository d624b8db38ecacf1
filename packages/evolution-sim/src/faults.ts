import { commonZeroFaults } from "@whatlead/sim-kit";
import type { EvolutionSimFaults } from "./types";

export function zeroFaults(): EvolutionSimFaults {
  return {
    ...commonZeroFaults(),
    rejectAfterSendRate: 0,
    lateErrorRate: 0,
    lidReceiptRate: 0,
    webhookDuplicateRate: 0,
  };
}
