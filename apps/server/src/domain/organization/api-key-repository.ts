import type { ApiKey, ApiKeyListing } from "./api-key";
import type { Organization } from "./organization";

export interface ApiKeyRepository {
  /** The organization of that name, created with `candidate`'s id and date when missing. */
  ensureOrganization(candidate: Organization): Promise<Organization>;
  /** Inserts `key` unless a key with the same secret hash exists; answers the key that holds the hash. */
  insertIfAbsent(key: ApiKey, secretHash: string): Promise<ApiKey>;
  /** The unrevoked key whose secret has this hash. */
  findActiveByHash(secretHash: string): Promise<ApiKey | null>;
  /** Whether the key exists and is not revoked (a primary-key read, cheap enough to repeat each second). */
  isActive(id: string): Promise<boolean>;
  /** Every key, or one organization's (by name or by id), oldest first. */
  list(scope?: { organizationName?: string; organizationId?: string }): Promise<ApiKeyListing[]>;
  /**
   * Revokes the key (a second call keeps the first date); null when there is no such key, or when
   * `organizationId` is given and the key is another organization's.
   */
  revoke(id: string, now: Date, organizationId?: string): Promise<ApiKey | null>;
  recordUse(id: string, now: Date): Promise<void>;
}
