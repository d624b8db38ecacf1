import ipaddr from "ipaddr.js";

/**
 * True for an address on the public internet. Everything else (loopback, RFC 1918, link-local and
 * the cloud metadata address in it, unique-local, CGNAT, multicast, broadcast, unspecified,
 * documentation and reserved ranges, NAT64 and 6to4 wrappers) reaches this machine or its
 * neighbours, which a tenant's webhook must not. IPv4-mapped IPv6 is judged as the IPv4 it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

/** The address a URL's host names literally (brackets of IPv6 removed), or null for a DNS name. */
export function literalAddressOf(hostname: string): string | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}
