import { isDecodableBase64, newMessageId, newShortMessageId } from "@whatlead/sim-kit";
import { parsePhone } from "./phone";
import type { Shape } from "./request-body";
import type { WuzapiSendType } from "./types";

type Fields = Record<string, unknown>;

const CONTEXT_INFO = "object";

export const SEND_SHAPES: Record<WuzapiSendType, Shape> = {
  text: { Phone: "string", Body: "string", Id: "string", ContextInfo: CONTEXT_INFO },
  image: { Phone: "string", Image: "string", Caption: "string", Id: "string", ContextInfo: CONTEXT_INFO },
  document: {
    Phone: "string",
    Document: "string",
    FileName: "string",
    Caption: "string",
    Id: "string",
    ContextInfo: CONTEXT_INFO,
  },
  video: {
    Phone: "string",
    Video: "string",
    Caption: "string",
    JPEGThumbnail: "string",
    Id: "string",
    ContextInfo: CONTEXT_INFO,
  },
  audio: { Phone: "string", Audio: "string", Id: "string", ContextInfo: CONTEXT_INFO },
  reaction: { Phone: "string", Body: "string", Id: "string" },
};

/** A send the gateway hands to whatsmeow. */
export interface ValidSend {
  to: string;
  messageId: string;
}

/** "panic": the handler crashes before sending and the connection closes with no answer. */
export type SendCheck = { ok: true; send: ValidSend } | { ok: false; error: string } | { ok: "panic" };

const fail = (error: string): SendCheck => ({ ok: false, error });
const PANIC: SendCheck = { ok: "panic" };

// Each media handler compares a fixed-length prefix by slicing: a shorter string panics (H:720-1242).
const MEDIA_RULES = {
  image: {
    field: "Image",
    prefix: "data:image",
    error: 'Image data should start with "data:image/png;base64,"',
  },
  document: {
    field: "Document",
    prefix: "data:application/octet-stream",
    error: 'Document data should start with "data:application/octet-stream;base64,"',
  },
  video: { field: "Video", prefix: "data", error: 'Data should start with "data:mime/type;base64,"' },
  audio: {
    field: "Audio",
    prefix: "data:audio/ogg",
    error: 'Audio data should start with "data:audio/ogg;base64,"',
  },
} as const;

type MediaType = keyof typeof MEDIA_RULES;

function str(fields: Fields, name: string): string {
  return typeof fields[name] === "string" ? (fields[name] as string) : "";
}

function contextInfo(fields: Fields): Fields | undefined {
  return fields.ContextInfo as Fields | undefined;
}

/** Reply context: both ids or neither. */
function checkReplyContext(fields: Fields): string | undefined {
  const info = contextInfo(fields);
  if (info === undefined) return undefined;
  const stanza = info.StanzaID ?? info.StanzaId;
  if (stanza !== undefined && info.Participant === undefined) return "Missing Participant in ContextInfo";
  if (stanza === undefined && info.Participant !== undefined) return "Missing StanzaID in ContextInfo";
  return undefined;
}

/** Nil-pointer panics: reply context on document/audio/video, mentions alone on image (H:720-731, 842-853, 1004). */
function panicsOnContext(type: MediaType, fields: Fields): boolean {
  const info = contextInfo(fields);
  if (info === undefined) return false;
  const hasStanza = (info.StanzaID ?? info.StanzaId) !== undefined;
  if (type === "image") return info.MentionedJID !== undefined && !hasStanza;
  return hasStanza || info.MentionedJID !== undefined;
}

function checkText(fields: Fields, to: string): SendCheck {
  if (str(fields, "Body") === "") return fail("Missing Body in Payload");
  const context = checkReplyContext(fields);
  if (context !== undefined) return fail(context);
  return { ok: true, send: { to, messageId: str(fields, "Id") || newMessageId() } };
}

function checkMedia(type: MediaType, fields: Fields, to: string): SendCheck {
  const rule = MEDIA_RULES[type];
  const data = str(fields, rule.field);
  if (data === "") return fail(`Missing ${rule.field} in Payload`);
  if (type === "document" && str(fields, "FileName") === "") return fail("Missing FileName in Payload");
  if (data.length < rule.prefix.length || panicsOnContext(type, fields)) return PANIC;
  if (!data.startsWith(rule.prefix)) return fail(rule.error);
  if (!data.includes(",") || !isDecodableBase64(data))
    return fail("Could not decode base64 encoded data from payload");
  // Media handlers use whatsmeow's deprecated package-level generator: 16 hex digits, not 18.
  return { ok: true, send: { to, messageId: str(fields, "Id") || newShortMessageId() } };
}

/** The reaction goes out under the target's id (H:2737-2773); "me:" marks a target of ours. */
function checkReaction(fields: Fields, to: string): SendCheck {
  if (str(fields, "Body") === "") return fail("Missing Body in Payload");
  const target = str(fields, "Id");
  if (target === "") return fail("Missing Id in Payload");
  return { ok: true, send: { to, messageId: target.startsWith("me:") ? target.slice(3) : target } };
}

export function checkSend(type: WuzapiSendType, fields: Fields): SendCheck {
  const phone = str(fields, "Phone");
  if (phone === "") return fail("Missing Phone in Payload");
  const to = parsePhone(phone);
  if (to === undefined)
    return fail(type === "reaction" ? "Could not parse Group JID" : "Could not parse Phone");
  if (type === "text") return checkText(fields, to);
  if (type === "reaction") return checkReaction(fields, to);
  return checkMedia(type, fields, to);
}
