/** A gateway's answer about one phone number, and when it came (the database's clock). */
export interface RecipientCheck {
  onWhatsApp: boolean;
  checkedAt: Date;
}

/** What gateways said of phone numbers, per organization: one answer per number, the latest. */
export interface RecipientCheckRepository {
  /** The number's answer if younger than `maxAgeSeconds` (null: any age), else null. */
  findFresh(
    organizationId: string,
    phone: string,
    maxAgeSeconds: number | null,
  ): Promise<RecipientCheck | null>;
  /** Records an answer now, replacing an older one. */
  record(organizationId: string, phone: string, onWhatsApp: boolean): Promise<RecipientCheck>;
}
