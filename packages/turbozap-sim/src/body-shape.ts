// Go's encoding/json into a struct: unknown fields are ignored, null leaves the zero value,
// and a value of the wrong JSON type fails the whole decode ("Invalid request body").

export type FieldType = "string" | "boolean" | "string[]" | "object";
export type BodyShape = Record<string, FieldType>;

function matches(value: unknown, type: FieldType): boolean {
  if (value === null || value === undefined) return true;
  switch (type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "string[]":
      return Array.isArray(value) && value.every((item) => item === null || typeof item === "string");
    case "object":
      return typeof value === "object" && !Array.isArray(value);
  }
}

/** Parses a request body the way Fiber's BodyParser + encoding/json would; undefined means 400. */
export function decodeBody(
  raw: Buffer,
  contentType: string | undefined,
  shape: BodyShape,
): Record<string, unknown> | undefined {
  // Fiber only parses bodies it recognises by Content-Type; anything else is a parse error.
  if (contentType === undefined || !contentType.includes("json")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
  if (parsed === null) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const body = parsed as Record<string, unknown>;
  for (const [field, type] of Object.entries(shape)) {
    if (!matches(body[field], type)) return undefined;
  }
  return body;
}

/** Zero value for a Go string field. */
export function str(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  return typeof value === "string" ? value : "";
}
