// Respond (H:3368-3396): {code, data, success:true} or {code, error, success:false}; admin create and
// delete answer bare JSON, read here as the data of a success.

export interface WuzapiEnvelope {
  success: boolean;
  data?: unknown;
  error?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Null when the text is not JSON (a proxy's page, a truncated body...). */
export function parseWuzapiEnvelope(text: string): WuzapiEnvelope | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  if (typeof parsed.success !== "boolean") return { success: true, data: parsed };
  return {
    success: parsed.success,
    data: parsed.data,
    ...(typeof parsed.error === "string" ? { error: parsed.error } : {}),
  };
}

/** A field of the envelope's data, or undefined. */
export function dataField(envelope: WuzapiEnvelope | null, field: string): unknown {
  const data = envelope?.data;
  return isRecord(data) ? data[field] : undefined;
}
