import { createHmac } from "node:crypto";

/**
 * A per-instance credential made, not stored: an HMAC of the instance name under the gateway's own
 * key. Only a holder of that key (who can manage every instance anyway) can make it, and nothing
 * in our database or API could ever reveal it. `label` keeps one gateway's credentials from being
 * another's.
 */
export function derivedSecret(key: string, label: string, instanceName: string): string {
  return createHmac("sha256", key).update(`${label}:${instanceName}`).digest("base64url");
}
