/**
 * The gateway's own connection states (TurboZap's vocabulary), plus `unavailable`: the gateway
 * answered that the number cannot send (missing, refused credentials) or did not answer at all.
 */
export const INSTANCE_STATUSES = [
  "disconnected",
  "connecting",
  "connected",
  "qrcode",
  "error",
  "unavailable",
] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];
