import { readBody } from "@whatlead/sim-kit";
import type { WuzapiCall } from "./route-call";

// encoding/json into a struct: field names match case-insensitively, unknown fields are ignored,
// a value of the wrong type fails the decode.

export type FieldType = "string" | "string[]" | "object" | "boolean";
export type Shape = Record<string, FieldType>;

function matches(value: unknown, type: FieldType): boolean {
  if (value === null) return true;
  if (type === "string[]") return Array.isArray(value) && value.every((item) => typeof item === "string");
  if (type === "object") return typeof value === "object" && !Array.isArray(value);
  return typeof value === type;
}

/** The body's known fields under their canonical names, or undefined for "Could not decode Payload". */
export function decodeFields(raw: string, shape: Shape): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const byLowerName = new Map(Object.keys(shape).map((name) => [name.toLowerCase(), name]));
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const name = byLowerName.get(key.toLowerCase());
    if (name === undefined) continue;
    if (!matches(value, shape[name] as FieldType)) return undefined;
    if (value !== null) fields[name] = value;
  }
  return fields;
}

/** No size limit in wuzapi; a read that fails leaves the answer to the dropped connection. */
export async function readWuzapiBody(call: WuzapiCall): Promise<string | undefined> {
  const result = await readBody(call.req, Number.MAX_SAFE_INTEGER);
  return result.ok ? result.raw.toString("utf8") : undefined;
}
