import { DomainError } from "../../../domain/shared/domain-error";
import { isUuid } from "../uuid";

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
    // Only what encodeCursor writes: a forged id or a date PostgreSQL cannot hold would fail the query.
    const issued =
      date && !Number.isNaN(date.getTime()) && date.toISOString() === createdAt && /^\d{4}-/.test(createdAt);
    if (issued && typeof id === "string" && isUuid(id)) return { createdAt: date, id };
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
