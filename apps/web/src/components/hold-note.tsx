import type { InstanceHold } from "../api/types";
import { formatTime } from "../format";

/** Why a held number is quiet, in an operator's words. */
const HOLD_REASONS: Record<string, string> = {
  INSTANCE_NOT_CONNECTED: "not connected",
  LOGGED_OUT: "logged out, pair it again",
  NETWORK_ERROR: "gateway unreachable",
  INSTANCE_NOT_FOUND: "missing on the gateway",
  INSTANCE_UNAVAILABLE: "unavailable on the gateway",
  PROVIDER_AUTH: "gateway refused the credentials",
};

export function HoldNote({ hold }: { hold: InstanceHold }) {
  return (
    <p className="lane-hold" role="status" title={hold.message}>
      held since {formatTime(hold.since)}: {HOLD_REASONS[hold.code] ?? hold.code}. Its messages wait and spend
      no attempt.
    </p>
  );
}
