import { createHash, randomBytes } from "node:crypto";

const SECRET_PREFIX = "wlk_";
/** Shown characters beyond `wlk_`: 24 bits, enough to tell a handful of keys apart. */
const SHOWN_CHARACTERS = 4;

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

/** What lists show of a key: enough to recognise it, far too little to use or narrow down. */
export function displayPrefixOf(secret: string): string {
  const known = secret.startsWith(SECRET_PREFIX) ? SECRET_PREFIX.length : 0;
  return secret.slice(0, known + SHOWN_CHARACTERS);
}

/** An operator's own key (BOOTSTRAP_API_KEY) must be as hard to guess as ours: long, and not a pattern. */
export const MIN_KEY_LENGTH = 32;
const MIN_DISTINCT_CHARACTERS = 12;

/** Why `secret` is too weak to be an API key, or null. */
export function weakKeyReason(secret: string): string | null {
  if (secret.length < MIN_KEY_LENGTH)
    return `must be at least ${MIN_KEY_LENGTH} characters (generate one: npm run cli -- keys create)`;
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS)
    return `must look random: at least ${MIN_DISTINCT_CHARACTERS} different characters`;
  return null;
}
