/** The one envelope every TurboZap answer uses. */
export interface TurboZapEnvelope {
  success: boolean;
  message?: string;
  data?: unknown;
  error?: { code?: string; message: string; details?: unknown };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readError(value: unknown): TurboZapEnvelope["error"] {
  if (!isRecord(value) || typeof value.message !== "string") return undefined;
  return {
    message: value.message,
    ...(typeof value.code === "string" ? { code: value.code } : {}),
    ...(value.details !== undefined ? { details: value.details } : {}),
  };
}

/** Null when the text is not a TurboZap envelope (a proxy's HTML page, a truncated body...). */
export function parseEnvelope(text: string): TurboZapEnvelope | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || typeof parsed.success !== "boolean") return null;
  const error = readError(parsed.error);
  return {
    success: parsed.success,
    ...(typeof parsed.message === "string" ? { message: parsed.message } : {}),
    ...("data" in parsed ? { data: parsed.data } : {}),
    ...(error ? { error } : {}),
  };
}

/** The provider's WhatsApp id of a send, when the envelope carries one. */
export function envelopeMessageId(envelope: TurboZapEnvelope | null): string | null {
  if (!envelope || !isRecord(envelope.data)) return null;
  const id = envelope.data.message_id;
  return typeof id === "string" && id.length > 0 ? id : null;
}

/** The record under `data`, for routes that answer an object (instance status, create...). */
export function envelopeData(envelope: TurboZapEnvelope | null): Record<string, unknown> | null {
  return envelope && isRecord(envelope.data) ? envelope.data : null;
}

export function envelopeErrorMessage(envelope: TurboZapEnvelope | null): string | undefined {
  return envelope?.error?.message ?? envelope?.message;
}
