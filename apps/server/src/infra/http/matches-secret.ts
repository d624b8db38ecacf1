import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Constant time, whatever the lengths: both sides are hashed to the same size first. */
export function matchesSecret(presented: string | string[] | undefined, secret: string | null): boolean {
  if (secret === null || typeof presented !== "string") return false;
  return timingSafeEqual(digest(presented), digest(secret));
}
