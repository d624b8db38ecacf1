import { commonZeroFaults } from "@whatlead/sim-kit";
import type { WuzapiSimFaults } from "./types";

export function zeroFaults(): WuzapiSimFaults {
  return { ...commonZeroFaults(), ackTimeoutRate: 0, lidReceiptRate: 0 };
}
