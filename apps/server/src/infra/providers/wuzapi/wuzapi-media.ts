import type { MediaPayload, MessageContent } from "../../../domain/intent/message-payload";
import { type MediaKind, mediaKindOf } from "../media/media-kind";
import type { WuzapiClient, WuzapiRawResult } from "./wuzapi-client";

export type WuzapiMediaContent = Extract<MessageContent, { type: "MEDIA" | "AUDIO" }>;

/** Where the intent's file is, and what it is sent as. */
export function mediaSourceOf(content: WuzapiMediaContent): { url: string; kind: MediaKind } {
  return content.type === "AUDIO"
    ? { url: content.payload.audioUrl, kind: "audio" }
    : { url: content.payload.mediaUrl, kind: mediaKindOf(content.payload.mimeType) };
}

/** The file name a document is shown with: the intent's, else the URL's last segment. */
function fileNameOf(payload: MediaPayload): string {
  if (payload.fileName) return payload.fileName;
  const last = new URL(payload.mediaUrl).pathname.split("/").pop();
  return last ? decodeURIComponent(last) : "file";
}

/**
 * Sends fetched media the way wuzapi takes it: a data URL per kind, whose prefix each handler checks
 * literally (documents must say `application/octet-stream`, audio `audio/ogg`: wuzapi sniffs or fixes
 * the real type itself). Images and videos keep the served type, or the intent's when the host named none.
 */
export function sendWuzapiMedia(
  client: WuzapiClient,
  token: string,
  fields: { Phone: string; Id?: string },
  content: WuzapiMediaContent,
  fetched: { contentType: string; bytes: Buffer },
): Promise<WuzapiRawResult> {
  const base64 = fetched.bytes.toString("base64");
  const { kind } = mediaSourceOf(content);
  if (content.type === "AUDIO" || kind === "audio")
    return client.sendAudio(token, { ...fields, Audio: `data:audio/ogg;base64,${base64}` });
  const { payload } = content;
  const caption = payload.caption === undefined ? {} : { Caption: payload.caption };
  if (kind === "document")
    return client.sendDocument(token, {
      ...fields,
      Document: `data:application/octet-stream;base64,${base64}`,
      FileName: fileNameOf(payload),
      ...caption,
    });
  const type = fetched.contentType.startsWith(`${kind}/`) ? fetched.contentType : payload.mimeType;
  const data = `data:${type};base64,${base64}`;
  return kind === "image"
    ? client.sendImage(token, { ...fields, Image: data, ...caption })
    : client.sendVideo(token, { ...fields, Video: data, ...caption });
}
