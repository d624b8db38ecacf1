import { eq, ilike, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { isUuid } from "../uuid";

/** Rows whose column contains `text`, ignoring case; LIKE's wildcards in `text` match themselves. */
export function containsIgnoringCase(column: PgColumn, text: string): SQL {
  return ilike(column, `%${escapeLike(text)}%`);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The start of an id as lists show it (8 characters), up to a whole UUID. */
const ID_PREFIX = /^[0-9a-f]{8}(-?[0-9a-f]{0,4}){0,4}[0-9a-f]{0,12}$/i;
/** A phone number as people type it: digits with the usual punctuation, at least four digits. */
const PHONE_LIKE = /^\+?[\d\s().-]*$/;

/**
 * The one search rule of every list: a whole UUID is that row; an id's shown prefix finds the rows
 * whose id starts with it; a phone number matches by its digits, however either side is formatted
 * (`5511987654301` finds `+55 11 98765-4301`, and so does `98765-43`); anything else is a
 * case-insensitive part of the recipient.
 */
export function matchesSearch(search: string, ids: PgColumn[], recipient: PgColumn): SQL | undefined {
  if (isUuid(search)) return or(...ids.map((id) => eq(id, search)));
  const conditions: SQL[] = [];
  if (ID_PREFIX.test(search)) {
    const prefix = `${escapeLike(search.toLowerCase())}%`;
    conditions.push(...ids.map((id) => sql`${id}::text like ${prefix}`));
  }
  const digits = search.replace(/\D/g, "");
  if (PHONE_LIKE.test(search) && digits.length >= 4) {
    conditions.push(sql`regexp_replace(${recipient}, '[^0-9]', '', 'g') like ${`%${digits}%`}`);
  } else {
    conditions.push(containsIgnoringCase(recipient, search));
  }
  return or(...conditions);
}
