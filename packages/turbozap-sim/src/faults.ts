import { commonZeroFaults } from "@whatlead/sim-kit";
import type { SimFaults } from "./types";

export function zeroFaults(): SimFaults {
  return { ...commonZeroFaults(), forbiddenButSentRate: 0 };
}
