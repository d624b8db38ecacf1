import { createHash, randomBytes } from "node:crypto";

const SECRET_PREFIX = "wlk_";
const PREFIX_LENGTH = SECRET_PREFIX.length + 8;

/** A new secret: 256 random bits, recognisable by its `wlk_` prefix (e.g. in secret scanners). */
export function generateApiKeySecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/**
 * SHA-256 of the secret. A fast hash is right here, unlike for passwords: a secret has 256 random
 * bits, so a stolen hash cannot be brute-forced however cheap each guess is, and every request
 * pays for the hash.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** What lists show of a key: enough to recognise it, far too little to use it. */
export function displayPrefixOf(secret: string): string {
  return secret.slice(0, PREFIX_LENGTH);
}
