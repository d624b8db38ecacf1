import type { Content } from "./api/types";

/** One line of what a message says, for lists: its text, a media's caption or file, an emoji. */
export function messageSummary(content: Content): string {
  switch (content.type) {
    case "TEXT":
      return content.payload.text;
    case "MEDIA":
      return content.payload.caption || content.payload.fileName || content.payload.mimeType;
    case "AUDIO":
      return content.payload.ptt ? "voice note" : "audio";
    case "REACTION":
      return content.payload.emoji ? `reaction ${content.payload.emoji}` : "reaction removed";
  }
}
