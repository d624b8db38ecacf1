import { describe, expect, it } from "vitest";
import { TYPING_MS_PER_CHARACTER, typingPlanFor } from "../../src/domain/intent/typing-plan";

const BOUNDS = { minMs: 1_000, maxMs: 5_000 };

describe("typingPlanFor", () => {
  it("types a text for its length in characters as a person types them, within the bounds", () => {
    expect(typingPlanFor({ type: "TEXT", payload: { text: "Olá, tudo bem? 👋" } }, BOUNDS)).toEqual({
      presence: "composing",
      durationMs: 16 * TYPING_MS_PER_CHARACTER,
    });
    expect(typingPlanFor({ type: "TEXT", payload: { text: "ok" } }, BOUNDS)?.durationMs).toBe(1_000);
    expect(typingPlanFor({ type: "TEXT", payload: { text: "x".repeat(500) } }, BOUNDS)?.durationMs).toBe(
      5_000,
    );
  });

  it("types a media's caption, and the minimum without one", () => {
    const media = { mediaUrl: "https://cdn.example.com/a.jpg", mimeType: "image/jpeg" };
    expect(
      typingPlanFor({ type: "MEDIA", payload: { ...media, caption: "Nosso catálogo" } }, BOUNDS),
    ).toEqual({
      presence: "composing",
      durationMs: 14 * TYPING_MS_PER_CHARACTER,
    });
    expect(typingPlanFor({ type: "MEDIA", payload: media }, BOUNDS)?.durationMs).toBe(1_000);
  });

  it('shows "recording…" for the longest time before audio, and nothing before a reaction', () => {
    expect(
      typingPlanFor({ type: "AUDIO", payload: { audioUrl: "https://cdn.example.com/a.ogg" } }, BOUNDS),
    ).toEqual({
      presence: "recording",
      durationMs: 5_000,
    });
    expect(
      typingPlanFor({ type: "REACTION", payload: { messageRef: "3EB0", emoji: "👍" } }, BOUNDS),
    ).toBeNull();
  });
});
