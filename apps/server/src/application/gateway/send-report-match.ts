import type { MessageIntentProps } from "../../domain/intent/message-intent";
import type { MessageTarget } from "../../domain/intent/message-target";
import type { SendReport } from "./gateway-reports";

/** The gateway reports recipients without their JID suffix: phone digits, or the group id. */
export function recipientKey(target: MessageTarget): string {
  if (target.kind === "GROUP") return target.value.replace(/@g\.us$/, "");
  return target.value.replace(/@s\.whatsapp\.net$/, "").replace(/\D/g, "");
}

function mediaKindOf(mimeType: string): string {
  if (mimeType.startsWith("image/")) return "image";
  if (mimeType.startsWith("video/")) return "video";
  return "document";
}

/** Same recipient, and the content the report describes is this intent's content. */
export function reportMatchesIntent(report: SendReport, intent: MessageIntentProps): boolean {
  if (recipientKey(intent.target) !== report.to.replace(/@.*$/, "")) return false;
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
