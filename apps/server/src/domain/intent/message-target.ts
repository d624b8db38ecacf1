export const TARGET_KINDS = ["PHONE", "GROUP"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Who receives the message: a phone number (any format the gateway normalizes) or a group JID. */
export interface MessageTarget {
  kind: TargetKind;
  value: string;
}
