import { sql } from "drizzle-orm";
import type { RecipientCheck } from "../../../application/ports/recipient-check-repository";
import type { Db } from "../database";
import { queryRows } from "./query-rows";

/** The number's answer younger than `maxAgeSeconds` (null: any age) by the database's clock, else null. */
export async function findFreshRecipientCheck(
  db: Db,
  organizationId: string,
  phone: string,
  maxAgeSeconds: number | null,
): Promise<RecipientCheck | null> {
  const [row] = await queryRows<{ on_whatsapp: boolean; checked_at: string | Date }>(
    db,
    sql`select on_whatsapp, checked_at from recipient_check
        where organization_id = ${organizationId} and phone = ${phone}
          and (${maxAgeSeconds}::bigint is null or checked_at > now() - ${maxAgeSeconds}::bigint * interval '1 second')`,
  );
  return row === undefined ? null : { onWhatsApp: row.on_whatsapp, checkedAt: new Date(row.checked_at) };
}
