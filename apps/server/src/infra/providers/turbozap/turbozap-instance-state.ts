import type { GatewayInstanceState } from "../../../application/ports/instance-gateway-port";
import { INSTANCE_STATUSES, type InstanceStatus } from "../../../domain/instance/instance-status";
import { envelopeData } from "./turbozap-envelope";
import type { TurboZapRawResult } from "./turbozap-raw-result";

/** What `GET /api/instance/:name/status` told us. */
export type InstanceReading =
  | { kind: "known"; state: GatewayInstanceState }
  | { kind: "missing" }
  /** Unreachable gateway, auth failure, 5xx or an unreadable body: we learned nothing. */
  | { kind: "unavailable" };

/** The port has no error channel for state, so "we learned nothing" is reported as `error`. */
export const UNAVAILABLE_STATE: GatewayInstanceState = { status: "error", phoneNumber: null };

function isInstanceStatus(value: unknown): value is InstanceStatus {
  return typeof value === "string" && (INSTANCE_STATUSES as readonly string[]).includes(value);
}

export function readInstanceStatus(result: TurboZapRawResult): InstanceReading {
  if (result.kind !== "response") return { kind: "unavailable" };
  if (result.status === 404) return { kind: "missing" };
  const data = result.status === 200 ? envelopeData(result.body) : null;
  if (!data) return { kind: "unavailable" };
  const phone = data.phone_number;
  return {
    kind: "known",
    state: {
      status: isInstanceStatus(data.status) ? data.status : "error",
      phoneNumber: typeof phone === "string" && phone.length > 0 ? phone : null,
    },
  };
}

/** The port's view: null only when the gateway says the instance does not exist. */
export function toInstanceState(reading: InstanceReading): GatewayInstanceState | null {
  if (reading.kind === "known") return reading.state;
  return reading.kind === "missing" ? null : UNAVAILABLE_STATE;
}
