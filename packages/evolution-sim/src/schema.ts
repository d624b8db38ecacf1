// The routers validate with jsonschema and answer 400 with every message nested in one array
// (src/api/abstract/abstract.router.ts:46-60): [["instance requires property \"number\""]].

export interface FieldRule {
  type: "string" | "integer" | "object" | "boolean";
  required?: boolean;
  enum?: readonly string[];
  /** The schema's own message for a value of the wrong type. */
  message?: string;
}

export type Schema = Record<string, FieldRule>;

function hasType(value: unknown, type: FieldRule["type"]): boolean {
  if (type === "integer") return Number.isInteger(value);
  if (type === "object") return typeof value === "object" && value !== null && !Array.isArray(value);
  return typeof value === type;
}

function fieldError(field: string, value: unknown, rule: FieldRule): string | undefined {
  if (value === undefined) return rule.required ? `instance requires property "${field}"` : undefined;
  if (!hasType(value, rule.type)) return rule.message ?? `instance.${field} is not of a type(s) ${rule.type}`;
  if (rule.enum !== undefined && !rule.enum.includes(value as string)) {
    return `instance.${field} is not one of enum values: ${rule.enum.join(",")}`;
  }
  return undefined;
}

/** Every schema error, in field order; empty when the body passes. */
export function schemaErrors(body: Record<string, unknown>, schema: Schema): string[] {
  return Object.entries(schema).flatMap(([field, rule]) => fieldError(field, body[field], rule) ?? []);
}
