import type { MessageContent } from "./message-payload";

/** What the recipient sees in the chat header before the message arrives. */
export type ChatPresence = "composing" | "recording";

export interface TypingPlan {
  presence: ChatPresence;
  durationMs: number;
}

/** The shortest and longest time "typing…" shows; settings, so that operators and tests can move them. */
export interface TypingBounds {
  minMs: number;
  maxMs: number;
}

/**
 * About 400 characters a minute: a quick thumb typist (80 words a minute). Slower would pin most
 * messages at the maximum and make every one look alike; faster, and short replies would all sit
 * at the minimum.
 */
export const TYPING_MS_PER_CHARACTER = 150;

/** Characters as a person types them: an emoji or an accented letter is one, not two code units. */
function typedLength(text: string): number {
  return [...text].length;
}

function clamp(ms: number, bounds: TypingBounds): number {
  return Math.min(bounds.maxMs, Math.max(bounds.minMs, Math.round(ms)));
}

/**
 * How long to show "typing…" (or "recording…") before `content` is sent, from what a person would
 * have to type: a text by its length, a media by its caption; a voice note has no text to measure
 * and takes at least as long to record as to say, so it shows "recording…" for the maximum. A
 * reaction shows nothing: WhatsApp users do not type one. Null: no presence for this content.
 */
export function typingPlanFor(content: MessageContent, bounds: TypingBounds): TypingPlan | null {
  switch (content.type) {
    case "TEXT":
      return {
        presence: "composing",
        durationMs: clamp(typedLength(content.payload.text) * TYPING_MS_PER_CHARACTER, bounds),
      };
    case "MEDIA":
      return {
        presence: "composing",
        durationMs: clamp(typedLength(content.payload.caption ?? "") * TYPING_MS_PER_CHARACTER, bounds),
      };
    case "AUDIO":
      return { presence: "recording", durationMs: bounds.maxMs };
    case "REACTION":
      return null;
  }
}
