import { z } from "zod";

const url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2048);

const textPayload = z.object({ text: z.string().min(1).max(65_536) });
const mediaPayload = z.object({
  mediaUrl: url,
  mimeType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, "must be a MIME type such as image/jpeg"),
  caption: z.string().max(4096).optional(),
  fileName: z.string().min(1).max(255).optional(),
});
const audioPayload = z.object({ audioUrl: url, ptt: z.boolean().optional() });
const reactionPayload = z.object({ messageRef: z.string().min(1).max(128), emoji: z.string().max(32) });

/** `fields` plus the message content, one variant per type: the same shapes in and out. */
export function withContent<S extends z.ZodRawShape>(fields: S) {
  return z.discriminatedUnion("type", [
    z.object({ ...fields, type: z.literal("TEXT"), payload: textPayload }),
    z.object({ ...fields, type: z.literal("MEDIA"), payload: mediaPayload }),
    z.object({ ...fields, type: z.literal("AUDIO"), payload: audioPayload }),
    z.object({ ...fields, type: z.literal("REACTION"), payload: reactionPayload }),
  ]);
}
