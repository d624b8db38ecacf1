import { lookup as dnsLookup } from "node:dns/promises";
import { isPublicAddress, literalAddressOf } from "./public-address";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to (injected in tests; node's resolver by default). */
export type LookupAddresses = (hostname: string) => Promise<ResolvedAddress[]>;

export interface WebhookNetworkPolicy {
  /** Lets endpoints on private networks, loopback included, receive deliveries (an on-premises CRM). */
  allowPrivateNetworks: boolean;
  /** Host names (or literal addresses) exempt from the private-network refusal, lower case. */
  allowedHosts: readonly string[];
  lookup?: LookupAddresses;
}

/** A webhook URL whose host is, or resolves to, an address a tenant may not reach. */
export class WebhookTargetRefused extends Error {
  constructor(host: string, address: string) {
    const where = host === address ? `${host} is` : `${host} resolves to ${address},`;
    super(
      `${where} not a public address; webhook endpoints and media URLs must be on the public internet ` +
        "(see WEBHOOK_ALLOW_PRIVATE_NETWORKS and WEBHOOK_ALLOWED_HOSTS)",
    );
    this.name = "WebhookTargetRefused";
  }
}

/** The guard the settings ask for: the same one for webhook endpoints and fetched media. */
export function webhookTargetGuardOf(
  settings: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: boolean; WEBHOOK_ALLOWED_HOSTS: readonly string[] },
  lookup?: LookupAddresses,
): WebhookTargetGuard {
  return new WebhookTargetGuard({
    allowPrivateNetworks: settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    allowedHosts: settings.WEBHOOK_ALLOWED_HOSTS,
    ...(lookup ? { lookup } : {}),
  });
}

const systemLookup: LookupAddresses = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })) as ResolvedAddress[];

/**
 * Decides where a webhook may connect. The answer is the address to connect to: the caller connects
 * to exactly that address, never to the name again, so a DNS answer that changes between the check
 * and the connection (rebinding) cannot point the request inside.
 */
export class WebhookTargetGuard {
  private readonly lookup: LookupAddresses;
  private readonly allowedHosts: ReadonlySet<string>;

  constructor(private readonly policy: WebhookNetworkPolicy) {
    this.lookup = policy.lookup ?? systemLookup;
    this.allowedHosts = new Set(policy.allowedHosts.map((host) => host.toLowerCase()));
  }

  /** The checked address for `url`; throws WebhookTargetRefused, or the resolver's error. */
  async resolve(url: URL): Promise<ResolvedAddress> {
    const host = url.hostname.toLowerCase();
    const mayBePrivate = this.policy.allowPrivateNetworks || this.allowedHosts.has(host);
    const literal = literalAddressOf(host);
    const addresses = literal
      ? [{ address: literal, family: literal.includes(":") ? 6 : 4 } as ResolvedAddress]
      : await this.lookup(host);
    if (addresses.length === 0) throw new Error(`${host} has no address`);
    // One inward address is enough to refuse: a resolver may rotate its answers.
    const inward = mayBePrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
    if (inward) throw new WebhookTargetRefused(host, inward.address);
    return addresses[0] as ResolvedAddress;
  }

  /** Why `url` may not be registered, or null; a name that does not resolve yet is checked at delivery. */
  async refusal(url: string): Promise<string | null> {
    try {
      await this.resolve(new URL(url));
      return null;
    } catch (error) {
      return error instanceof WebhookTargetRefused ? error.message : null;
    }
  }
}
