import type { MessageIntentProps } from "../../domain/intent/message-intent";
import { recipientKey } from "../../domain/intent/recipient-key";
import type { SendReport } from "./gateway-reports";

/** The gateway reports a recipient without its JID suffix, which a group's recipient key keeps. */
function withoutJidSuffix(address: string): string {
  return address.replace(/@.*$/, "");
}

function mediaKindOf(mimeType: string): string {
  if (mimeType.startsWith("image/")) return "image";
  if (mimeType.startsWith("video/")) return "video";
  return "document";
}

/** Same recipient, and the content the report describes is this intent's content. */
export function reportMatchesIntent(report: SendReport, intent: MessageIntentProps): boolean {
  if (withoutJidSuffix(recipientKey(intent.target)) !== withoutJidSuffix(report.to)) return false;
  switch (intent.type) {
    case "TEXT":
      return report.messageType === "text" && report.content === intent.payload.text;
    case "MEDIA":
      return (
        report.messageType === mediaKindOf(intent.payload.mimeType) &&
        (report.caption ?? "") === (intent.payload.caption ?? "")
      );
    case "AUDIO":
      return report.messageType === "audio";
    case "REACTION":
      return report.messageType === "reaction" && (report.content ?? "") === intent.payload.emoji;
  }
}
