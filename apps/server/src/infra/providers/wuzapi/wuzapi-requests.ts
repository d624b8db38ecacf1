// Bodies of the wuzapi routes the executor calls (wuzapi-contract.md). Field names as the gateway spells them.

export interface WuzapiTextRequest {
  Phone: string;
  Body: string;
  /** Our own WhatsApp message id, used verbatim. */
  Id?: string;
}

/** Media travel as data URLs; the gateway downloads nothing. */
export interface WuzapiImageRequest {
  Phone: string;
  Image: string;
  Caption?: string;
  Id?: string;
}

export interface WuzapiDocumentRequest {
  Phone: string;
  Document: string;
  FileName: string;
  Caption?: string;
  Id?: string;
}

export interface WuzapiVideoRequest {
  Phone: string;
  Video: string;
  Caption?: string;
  Id?: string;
}

export interface WuzapiAudioRequest {
  Phone: string;
  Audio: string;
  Id?: string;
}

export interface WuzapiReactionRequest {
  Phone: string;
  Body: string;
  /** The target's id, `me:`-prefixed when it is one of ours. */
  Id: string;
}

/** `Media: "audio"` with `composing` shows "recording audio…". */
export interface WuzapiPresenceRequest {
  Phone: string;
  State: "composing" | "paused";
  Media: "" | "audio";
}

export interface WuzapiCreateUserRequest {
  name: string;
  token: string;
  webhook: string;
  events: string;
}
