import { DomainError } from "../../../domain/shared/domain-error";

/** Where a newest-first page ends: lists order by (createdAt desc, id desc). */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): CursorPosition {
  const parsed = parseJson(Buffer.from(cursor, "base64url").toString("utf8"));
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [createdAt, id] = parsed as unknown[];
    const date = typeof createdAt === "string" ? new Date(createdAt) : null;
    if (date && !Number.isNaN(date.getTime()) && typeof id === "string") return { createdAt: date, id };
  }
  throw new DomainError("INVALID_CURSOR", "the page cursor is not one this server issued");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
