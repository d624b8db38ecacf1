// Request bodies of the TurboZap routes we use, spelled as the gateway expects them (snake_case).

export interface TurboZapTextRequest {
  to: string;
  text: string;
  quote_id?: string;
}

/** One of `media_url` or `base64` is required; `mime_type` decides image, video or document. */
export interface TurboZapMediaRequest {
  to: string;
  media_url?: string;
  base64?: string;
  mime_type?: string;
  file_name?: string;
  caption?: string;
  quote_id?: string;
}

/** One of `audio_url` or `base64` is required; `ptt` sends it as a voice note. */
export interface TurboZapAudioRequest {
  to: string;
  audio_url?: string;
  base64?: string;
  ptt?: boolean;
  quote_id?: string;
}

/** An empty `emoji` removes the reaction. */
export interface TurboZapReactionRequest {
  to: string;
  message_id: string;
  emoji: string;
}

/** The chat the presence is shown in: a phone number or JID, normalized like a send's `to`. */
export interface TurboZapPresenceRequest {
  to: string;
}

/** Empty `events` means all events; `headers` is the only way to authenticate deliveries (no signature). */
export interface TurboZapWebhookRequest {
  url: string;
  events: string[];
  headers: Record<string, string>;
  enabled: boolean;
}
