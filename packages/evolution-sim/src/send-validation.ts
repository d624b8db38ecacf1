import { isDecodableBase64 } from "@whatlead/sim-kit";
import type { Schema } from "./schema";
import type { EvolutionSendType } from "./types";

type Body = Record<string, unknown>;

const NUMBER = { type: "string", required: true, message: "Invalid format" } as const;
const DELAY = { type: "integer", message: "Enter a value in milliseconds" } as const;

export const SEND_SCHEMAS: Record<EvolutionSendType, Schema> = {
  text: { number: NUMBER, text: { type: "string", required: true }, delay: DELAY },
  media: {
    number: NUMBER,
    mediatype: { type: "string", required: true, enum: ["image", "video", "document", "audio"] },
    media: { type: "string", required: true },
    delay: DELAY,
  },
  audio: { number: NUMBER, audio: { type: "string", required: true }, delay: DELAY },
  reaction: { key: { type: "object", required: true }, reaction: { type: "string", required: true } },
};

/** What the message becomes once the body passed: the recipient, and the Baileys message for the answer. */
export interface EvolutionMessage {
  number: string;
  messageType: string;
  message: Record<string, unknown>;
}

export type ContentCheck = { ok: true; send: EvolutionMessage } | { ok: false; message: string[] };

// isURL needs a TLD or an IP (`http://minio:9000/x` fails); data: URIs are not taken as base64.
const URL_WITH_HOST = /^https?:\/\/(([a-z0-9-]+\.)+[a-z]{2,}|\d{1,3}(\.\d{1,3}){3})(:\d+)?(\/\S*)?$/i;

function isMediaSource(value: string): boolean {
  if (URL_WITH_HOST.test(value)) return true;
  return !value.includes(",") && value !== "" && isDecodableBase64(value);
}

const OWNED_MEDIA = ["Owned media must be a url or base64"];

function checkText(body: Body): ContentCheck {
  const text = body.text as string;
  if (text.trim() === "") return { ok: false, message: ["Text is required"] };
  return {
    ok: true,
    send: { number: body.number as string, messageType: "conversation", message: { conversation: text } },
  };
}

function checkMedia(body: Body): ContentCheck {
  const media = body.media as string;
  const mediatype = body.mediatype as string;
  if (!isMediaSource(media)) return { ok: false, message: OWNED_MEDIA };
  const isBase64 = !URL_WITH_HOST.test(media);
  if (mediatype === "document" && isBase64 && typeof body.fileName !== "string") {
    return { ok: false, message: ["For base64 the file name must be informed."] };
  }
  const content = { caption: body.caption, fileName: body.fileName, mimetype: body.mimetype };
  return {
    ok: true,
    send: {
      number: body.number as string,
      messageType: `${mediatype}Message`,
      message: { [`${mediatype}Message`]: content },
    },
  };
}

function checkAudio(body: Body): ContentCheck {
  if (!isMediaSource(body.audio as string)) return { ok: false, message: OWNED_MEDIA };
  return {
    ok: true,
    send: {
      number: body.number as string,
      messageType: "audioMessage",
      message: { audioMessage: { ptt: true, mimetype: "audio/ogg; codecs=opus" } },
    },
  };
}

const SINGLE_EMOJI =
  /^\p{Extended_Pictographic}(\uFE0F|\u200D\p{Extended_Pictographic}|\p{Emoji_Modifier})*$/u;

function checkReaction(body: Body): ContentCheck {
  const key = body.key as Record<string, unknown>;
  const reaction = body.reaction as string;
  if (typeof key.id !== "string" || typeof key.remoteJid !== "string") {
    return { ok: false, message: ['instance.key requires property "id"'] };
  }
  if (reaction !== "" && !SINGLE_EMOJI.test(reaction)) {
    return { ok: false, message: ['"reaction" must be an emoji'] };
  }
  return {
    ok: true,
    send: {
      number: key.remoteJid,
      messageType: "reactionMessage",
      message: { reactionMessage: { key, text: reaction } },
    },
  };
}

export const CONTENT_CHECKS: Record<EvolutionSendType, (body: Body) => ContentCheck> = {
  text: checkText,
  media: checkMedia,
  audio: checkAudio,
  reaction: checkReaction,
};
