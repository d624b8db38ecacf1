import { type SQL, sql } from "drizzle-orm";

/** recipientKey (domain/intent/recipient-key.ts) over an intent row aliased `intent`, for statements that create jobs. */
export function recipientKeyOfIntent(): SQL {
  return sql`case when intent.target_kind = 'GROUP'
    then case when intent.target_value like '%@g.us' then intent.target_value else intent.target_value || '@g.us' end
    else regexp_replace(intent.target_value, '\\D', '', 'g') end`;
}
