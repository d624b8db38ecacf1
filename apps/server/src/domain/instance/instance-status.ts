/** The gateway's own connection states (TurboZap's vocabulary). */
export const INSTANCE_STATUSES = ["disconnected", "connecting", "connected", "qrcode", "error"] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];
