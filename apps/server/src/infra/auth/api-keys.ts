import { randomUUID } from "node:crypto";
import type { Clock } from "../../application/ports/clock";
import type { ApiKey, ApiKeyListing } from "../../domain/organization/api-key";
import type { ApiKeyRepository } from "../../domain/organization/api-key-repository";
import { DEFAULT_ORGANIZATION, type Organization } from "../../domain/organization/organization";
import { displayPrefixOf, generateApiKeySecret, hashApiKeySecret } from "./api-key-secret";

/** A key that authenticated a request: who calls, for which organization. */
export interface Caller {
  keyId: string;
  organizationId: string;
}

// last_used_at is a hint for operators; one write a minute per key and process is plenty.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Issues, lists, revokes and checks API keys; the CLI, the start-up and the HTTP hook share it. */
export class ApiKeys {
  private readonly lastRecordedUse = new Map<string, number>();

  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  /** Creates the organization when missing; the secret is returned here and never again. */
  async create(organizationName: string, label: string): Promise<{ key: ApiKey; secret: string }> {
    const secret = generateApiKeySecret();
    const organization = await this.ensureOrganization(organizationName);
    return { key: await this.insert(organization.id, secret, label), secret };
  }

  /** A new key of an organization that exists (the caller's own); the secret is returned here and never again. */
  async createFor(organizationId: string, label: string): Promise<{ key: ApiKey; secret: string }> {
    const secret = generateApiKeySecret();
    return { key: await this.insert(organizationId, secret, label), secret };
  }

  /** Makes sure `secret` is a key of the organization "default" (BOOTSTRAP_API_KEY, the embedded default). */
  async ensureBootstrapKey(secret: string): Promise<ApiKey> {
    const organization = await this.ensureOrganization(DEFAULT_ORGANIZATION.name, DEFAULT_ORGANIZATION.id);
    return this.insert(organization.id, secret, "bootstrap");
  }

  list(organizationName?: string): Promise<ApiKeyListing[]> {
    return this.repository.list(organizationName === undefined ? {} : { organizationName });
  }

  /** One organization's keys, for its own API: never a secret, only prefixes. */
  listOf(organizationId: string): Promise<ApiKeyListing[]> {
    return this.repository.list({ organizationId });
  }

  /** `organizationId` limits the revocation to that organization's keys (the API's callers). */
  revoke(id: string, organizationId?: string): Promise<ApiKey | null> {
    return this.repository.revoke(id, this.clock.now(), organizationId);
  }

  /** Whether the key still authenticates: open event streams ask at each poll. */
  isActive(keyId: string): Promise<boolean> {
    return this.repository.isActive(keyId);
  }

  /** The caller a bearer secret stands for; null for an unknown or revoked key. */
  async authenticate(secret: string): Promise<Caller | null> {
    const key = await this.repository.findActiveByHash(hashApiKeySecret(secret));
    if (!key) return null;
    await this.recordUse(key.id);
    return { keyId: key.id, organizationId: key.organizationId };
  }

  private async recordUse(keyId: string): Promise<void> {
    const now = this.clock.now();
    const last = this.lastRecordedUse.get(keyId);
    if (last !== undefined && now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    this.lastRecordedUse.set(keyId, now.getTime());
    await this.repository.recordUse(keyId, now);
  }

  private ensureOrganization(name: string, id: string = randomUUID()): Promise<Organization> {
    return this.repository.ensureOrganization({ id, name, createdAt: this.clock.now() });
  }

  private insert(organizationId: string, secret: string, label: string): Promise<ApiKey> {
    const key: ApiKey = {
      id: randomUUID(),
      organizationId,
      label,
      prefix: displayPrefixOf(secret),
      createdAt: this.clock.now(),
      revokedAt: null,
      lastUsedAt: null,
    };
    return this.repository.insertIfAbsent(key, hashApiKeySecret(secret));
  }
}
