import { describe, expect, it } from "vitest";
import type { SendReport } from "../../src/application/gateway/gateway-reports";
import { reportMatchesIntent } from "../../src/application/gateway/send-report-match";
import { anIntent } from "../support/fixtures";

const PHONE = "+55 11 99999-0000";

function report(overrides: Partial<SendReport>): SendReport {
  return {
    provider: "turbozap",
    instanceName: "i-1",
    occurredAt: new Date(),
    payload: {},
    messageId: "3EB0000000000000000001",
    to: "5511999990000",
    messageType: "image",
    content: null,
    caption: "hi",
    ...overrides,
  };
}

describe("tying a gateway send report to an intent", () => {
  it("compares recipients as the gateway reports them: phone digits, or the group id", () => {
    const intent = (value: string, kind: "PHONE" | "GROUP" = "PHONE") => ({
      ...anIntent({ phone: PHONE }).toProps(),
      target: { kind, value },
    });
    expect(reportMatchesIntent(report({}), intent("+55 (11) 99999-0000"))).toBe(true);
    expect(reportMatchesIntent(report({}), intent("5511999990000@s.whatsapp.net"))).toBe(true);
    expect(reportMatchesIntent(report({ to: "5511999990000@s.whatsapp.net" }), intent(PHONE))).toBe(true);
    for (const group of ["120363-123@g.us", "120363-123"]) {
      expect(reportMatchesIntent(report({ to: "120363-123" }), intent(group, "GROUP"))).toBe(true);
      expect(reportMatchesIntent(report({ to: "120363-123@g.us" }), intent(group, "GROUP"))).toBe(true);
      expect(reportMatchesIntent(report({ to: "120363-124" }), intent(group, "GROUP"))).toBe(false);
    }
  });

  it("matches a media intent on recipient, media kind and caption", () => {
    // The fixture: an image/png to +55 11 99999-0000 with caption "hi".
    const intent = anIntent({ phone: PHONE }).toProps();
    expect(reportMatchesIntent(report({}), intent)).toBe(true);
    expect(reportMatchesIntent(report({ to: "5511999990001" }), intent)).toBe(false);
    expect(reportMatchesIntent(report({ messageType: "video" }), intent)).toBe(false);
    expect(reportMatchesIntent(report({ caption: "other" }), intent)).toBe(false);
    expect(reportMatchesIntent(report({ caption: null }), intent)).toBe(false);
  });

  it("matches text on its exact content, reactions on their emoji, audio on its type", () => {
    const base = anIntent({ phone: PHONE }).toProps();
    const text = { ...base, type: "TEXT" as const, payload: { text: "Olá" } };
    expect(reportMatchesIntent(report({ messageType: "text", content: "Olá" }), text)).toBe(true);
    expect(reportMatchesIntent(report({ messageType: "text", content: "Olá!" }), text)).toBe(false);
    const reaction = { ...base, type: "REACTION" as const, payload: { messageRef: "3EB0X", emoji: "👍" } };
    expect(reportMatchesIntent(report({ messageType: "reaction", content: "👍" }), reaction)).toBe(true);
    expect(reportMatchesIntent(report({ messageType: "reaction", content: "❤️" }), reaction)).toBe(false);
    const audio = { ...base, type: "AUDIO" as const, payload: { audioUrl: "https://x.test/a.ogg" } };
    expect(reportMatchesIntent(report({ messageType: "audio", caption: null }), audio)).toBe(true);
    expect(reportMatchesIntent(report({ messageType: "text" }), audio)).toBe(false);
  });
});
