import { describe, expect, it } from "vitest";
import type { SendOutcome } from "../../src/application/ports/whatsapp-provider-port";
import type { TurboZapEnvelope } from "../../src/infra/providers/turbozap/turbozap-envelope";
import { toSendOutcome } from "../../src/infra/providers/turbozap/turbozap-outcome";
import type { TurboZapRawResult } from "../../src/infra/providers/turbozap/turbozap-raw-result";

const MESSAGE_ID = "3EB0ABCDEF0123456789AB";
const sentBody: TurboZapEnvelope = {
  success: true,
  data: { id: "x", message_id: MESSAGE_ID, status: "sent", timestamp: "2024-01-01T00:00:00Z" },
};

function failure(message: string): TurboZapEnvelope {
  return { success: false, error: { message } };
}

function response(status: number, body: TurboZapEnvelope | null): TurboZapRawResult {
  return { kind: "response", status, body };
}

type Row = [label: string, result: TurboZapRawResult, kind: SendOutcome["kind"], code: string | null];

const rows: Row[] = [
  ["200 with message_id", response(200, sentBody), "sent", null],
  ["403 but sent (quirk)", response(403, sentBody), "sent", null],
  ["200 success without id", response(200, { success: true, data: {} }), "unknown", "MISSING_MESSAGE_ID"],
  ["200 unreadable body", response(200, null), "unknown", "UNREADABLE_RESPONSE"],
  ["403 unreadable body", response(403, null), "unknown", "UNREADABLE_RESPONSE"],
  [
    "invalid recipient",
    response(400, failure("Invalid recipient phone number")),
    "permanent",
    "INVALID_RECIPIENT",
  ],
  ["invalid body", response(400, failure("Invalid request body")), "permanent", "INVALID_PAYLOAD"],
  ["missing text", response(400, failure("Text message is required")), "permanent", "INVALID_PAYLOAD"],
  ["missing message id", response(400, failure("Message ID is required")), "permanent", "INVALID_PAYLOAD"],
  ["bad base64", response(400, failure("Invalid base64 data")), "permanent", "INVALID_BASE64"],
  [
    "media download",
    response(400, failure("Failed to download media from URL")),
    "permanent",
    "MEDIA_DOWNLOAD_FAILED",
  ],
  ["400 without envelope", response(400, null), "permanent", "INVALID_PAYLOAD"],
  [
    "not connected",
    response(400, failure("Instance is not connected to WhatsApp")),
    "unavailable",
    "INSTANCE_NOT_CONNECTED",
  ],
  [
    "nil-pointer panic",
    response(500, failure("runtime error: invalid memory address or nil pointer dereference")),
    "unavailable",
    "INSTANCE_UNAVAILABLE",
  ],
  ["send failed", response(500, failure("Failed to send message")), "retryable", "PROVIDER_SEND_FAILED"],
  ["500 without envelope", response(500, null), "retryable", "PROVIDER_SEND_FAILED"],
  ["401 invalid key", response(401, failure("Invalid API key")), "unavailable", "PROVIDER_AUTH"],
  ["403 refused", response(403, failure("Access denied")), "unavailable", "PROVIDER_AUTH"],
  ["404 instance", response(404, failure("Instance not found")), "unavailable", "INSTANCE_NOT_FOUND"],
  ["429", response(429, null), "retryable", "RATE_LIMITED"],
  ["502", response(502, null), "retryable", "HTTP_502"],
  ["503", response(503, failure("down")), "retryable", "HTTP_503"],
  ["408", response(408, null), "retryable", "HTTP_408"],
  ["413", response(413, null), "permanent", "HTTP_413"],
  [
    "refused",
    { kind: "failed-before-send", error: { code: "ECONNREFUSED", message: "connect ECONNREFUSED" } },
    "unavailable",
    "NETWORK_ERROR",
  ],
  [
    "timeout after send",
    { kind: "no-answer", reason: "timeout", error: { code: "TIMEOUT", message: "no answer within 50 ms" } },
    "unknown",
    "TIMEOUT",
  ],
  [
    "reset after send",
    { kind: "no-answer", reason: "reset", error: { code: "ECONNRESET", message: "socket hang up" } },
    "unknown",
    "CONNECTION_RESET",
  ],
];

describe("toSendOutcome", () => {
  it.each(rows)("%s", (_label, result, kind, code) => {
    const outcome = toSendOutcome(result);
    expect(outcome.kind).toBe(kind);
    if (outcome.kind === "sent") expect(outcome.messageId).toBe(MESSAGE_ID);
    else {
      expect(outcome.code).toBe(code);
      expect(outcome.message.length).toBeGreaterThan(0);
      expect(outcome.message.length).toBeLessThanOrEqual(200);
    }
  });

  it("uses the gateway's own words as the message", () => {
    const outcome = toSendOutcome(response(400, failure("Invalid recipient phone number")));
    expect(outcome).toEqual({
      kind: "permanent",
      code: "INVALID_RECIPIENT",
      message: "Invalid recipient phone number",
    });
  });

  it("does not let a success:false body with a message_id count as sent", () => {
    const body: TurboZapEnvelope = {
      success: false,
      data: { message_id: MESSAGE_ID },
      error: { message: "no" },
    };
    expect(toSendOutcome(response(500, body)).kind).toBe("retryable");
  });

  it("keeps long gateway messages short", () => {
    const outcome = toSendOutcome(response(500, failure("x".repeat(5000))));
    expect(outcome.kind === "retryable" && outcome.message.length).toBe(200);
  });
});
