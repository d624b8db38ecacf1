import { sql } from "drizzle-orm";
import type { RecipientCheck } from "../../../application/ports/recipient-check-repository";
import type { Db } from "../database";
import { queryRows } from "./query-rows";

/** Stores a gateway's answer at the database's now, replacing the number's older one. */
export async function recordRecipientCheck(
  db: Db,
  organizationId: string,
  phone: string,
  onWhatsApp: boolean,
): Promise<RecipientCheck> {
  const [row] = await queryRows<{ checked_at: string | Date }>(
    db,
    sql`insert into recipient_check (organization_id, phone, on_whatsapp, checked_at)
        values (${organizationId}, ${phone}, ${onWhatsApp}, now())
        on conflict (organization_id, phone)
        do update set on_whatsapp = excluded.on_whatsapp, checked_at = excluded.checked_at
        returning checked_at`,
  );
  if (row === undefined) throw new Error("recipient check not recorded");
  return { onWhatsApp, checkedAt: new Date(row.checked_at) };
}
