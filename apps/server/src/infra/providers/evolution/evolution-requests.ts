// Bodies of the Evolution API v2 routes the executor calls (evolution-contract.md).

export interface EvolutionTextRequest {
  number: string;
  text: string;
}

export interface EvolutionMediaRequest {
  number: string;
  /** Picks the message type; mimetype does not. */
  mediatype: "image" | "video" | "document" | "audio";
  media: string;
  mimetype?: string;
  fileName?: string;
  caption?: string;
}

export interface EvolutionAudioRequest {
  number: string;
  audio: string;
}

export interface EvolutionReactionRequest {
  key: { id: string; remoteJid: string; fromMe: boolean };
  reaction: string;
}

/** All three required; `delay` in ms, unbounded. */
export interface EvolutionPresenceRequest {
  number: string;
  presence: "composing" | "recording" | "paused" | "available" | "unavailable";
  delay: number;
}

export interface EvolutionWebhookRequest {
  webhook: {
    enabled: boolean;
    url: string;
    /** Must be present (omitting it is a TypeError on the gateway). */
    events: string[];
    headers: Record<string, string>;
    byEvents: boolean;
  };
}

export interface EvolutionCreateRequest {
  instanceName: string;
  integration: "WHATSAPP-BAILEYS";
  qrcode?: boolean;
}
