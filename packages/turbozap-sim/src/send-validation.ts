import { isDecodableBase64 } from "@whatlead/sim-kit";
import type { BodyShape } from "./body-shape";
import { str } from "./body-shape";
import { guessMime, mediaKind } from "./media-kind";
import { normalizeRecipient } from "./recipient";
import type { SimSendType } from "./types";

/** What the send.message webhook reports about the message besides ids. */
export interface SendDetail {
  messageType: string;
  content?: string;
  caption?: string;
  filename?: string;
}

export interface ValidSend {
  to: string;
  detail: SendDetail;
}

export type SendValidation = { ok: true; send: ValidSend } | { ok: false; message: string };

export const SEND_SHAPES: Record<SimSendType, BodyShape> = {
  text: { to: "string", text: "string", quote_id: "string", mention_jids: "string[]" },
  media: {
    to: "string",
    media_url: "string",
    base64: "string",
    mime_type: "string",
    file_name: "string",
    caption: "string",
    quote_id: "string",
  },
  audio: { to: "string", audio_url: "string", base64: "string", ptt: "boolean", quote_id: "string" },
  reaction: { to: "string", message_id: "string", emoji: "string" },
};

/** The gateway's answer when whatsmeow's SendMessage returns an error, per route. */
export const SEND_FAILURE_MESSAGES: Record<SimSendType, string> = {
  text: "Failed to send message",
  media: "Failed to send media",
  audio: "Failed to send audio",
  reaction: "Failed to send reaction",
};

const INVALID_RECIPIENT = "Invalid recipient phone number";

type Body = Record<string, unknown>;

function fail(message: string): SendValidation {
  return { ok: false, message };
}

function accept(to: string, detail: SendDetail): SendValidation {
  return { ok: true, send: { to, detail } };
}

// The sim downloads nothing; a URL Go's http.Get could never fetch (no http/https scheme) still fails.
function isFetchableUrl(url: string): boolean {
  return /^https?:\/\/[^/\s]+/i.test(url);
}

function validateText(to: string, body: Body): SendValidation {
  const text = str(body, "text");
  if (text === "") return fail("Text message is required");
  return accept(to, { messageType: "text", content: text });
}

function validateMedia(to: string, body: Body): SendValidation {
  const base64 = str(body, "base64");
  const url = str(body, "media_url");
  if (base64 !== "") {
    if (!isDecodableBase64(base64)) return fail("Invalid base64 data");
  } else if (url !== "") {
    if (!isFetchableUrl(url)) return fail("Failed to download media from URL");
  } else {
    return fail("Either media_url or base64 is required");
  }
  const kind = mediaKind(guessMime(str(body, "mime_type"), base64, url));
  const caption = str(body, "caption");
  const detail: SendDetail = { messageType: kind };
  if (caption !== "") detail.caption = caption;
  if (kind === "document") detail.filename = str(body, "file_name") || "document";
  return accept(to, detail);
}

function validateAudio(to: string, body: Body): SendValidation {
  const base64 = str(body, "base64");
  const url = str(body, "audio_url");
  if (base64 !== "") {
    if (!isDecodableBase64(base64)) return fail("Invalid base64 data");
  } else if (url !== "") {
    if (!isFetchableUrl(url)) return fail("Failed to download audio from URL");
  } else {
    return fail("Either audio_url or base64 is required");
  }
  return accept(to, { messageType: "audio" });
}

function validateReaction(to: string, body: Body): SendValidation {
  if (str(body, "message_id") === "") return fail("Message ID is required");
  return accept(to, { messageType: "reaction", content: str(body, "emoji") });
}

const VALIDATORS: Record<SimSendType, (to: string, body: Body) => SendValidation> = {
  text: validateText,
  media: validateMedia,
  audio: validateAudio,
  reaction: validateReaction,
};

/** Same order as the gateway's handlers: recipient first, then the route's required fields. */
export function validateSend(type: SimSendType, body: Body): SendValidation {
  const to = normalizeRecipient(str(body, "to"));
  if (to === undefined) return fail(INVALID_RECIPIENT);
  return VALIDATORS[type](to, body);
}
