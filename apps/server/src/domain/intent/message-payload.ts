export const MESSAGE_TYPES = ["TEXT", "MEDIA", "AUDIO", "REACTION"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const INTENT_PURPOSES = ["DISPATCH", "WARMUP", "SCHEDULE"] as const;
export type IntentPurpose = (typeof INTENT_PURPOSES)[number];

export interface TextPayload {
  text: string;
}
export interface MediaPayload {
  mediaUrl: string;
  mimeType: string;
  caption?: string;
  fileName?: string;
}
export interface AudioPayload {
  audioUrl: string;
  ptt?: boolean;
}
export interface ReactionPayload {
  messageRef: string;
  emoji: string;
}

/** The payload is tagged by the intent's type so that a TEXT intent can never carry an audio payload. */
export type MessageContent =
  | { type: "TEXT"; payload: TextPayload }
  | { type: "MEDIA"; payload: MediaPayload }
  | { type: "AUDIO"; payload: AudioPayload }
  | { type: "REACTION"; payload: ReactionPayload };
