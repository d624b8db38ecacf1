import type {
  RecipientCheck,
  RecipientCheckRepository,
} from "../../../application/ports/recipient-check-repository";
import type { Db } from "../database";
import { findFreshRecipientCheck } from "../sql/find-fresh-recipient-check.sql";
import { recordRecipientCheck } from "../sql/record-recipient-check.sql";

export class PostgresRecipientCheckRepository implements RecipientCheckRepository {
  constructor(private readonly db: Db) {}

  findFresh(
    organizationId: string,
    phone: string,
    maxAgeSeconds: number | null,
  ): Promise<RecipientCheck | null> {
    return findFreshRecipientCheck(this.db, organizationId, phone, maxAgeSeconds);
  }

  record(organizationId: string, phone: string, onWhatsApp: boolean): Promise<RecipientCheck> {
    return recordRecipientCheck(this.db, organizationId, phone, onWhatsApp);
  }
}
