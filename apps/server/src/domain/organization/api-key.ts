/** A credential of one organization, as it may be shown: never the secret, only its prefix. */
export interface ApiKey {
  id: string;
  organizationId: string;
  label: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ApiKeyListing extends ApiKey {
  organizationName: string;
}
