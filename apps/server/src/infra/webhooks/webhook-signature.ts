import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A new endpoint's signing secret, in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * The Standard Webhooks key of a secret: the base64 after `whsec_`. Secrets issued before this
 * form (`whsec_` and hex) decode the same way in every Standard Webhooks library, so they verify too.
 */
function standardKey(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ""), "base64");
}

/**
 * `webhook-signature` (Standard Webhooks v1): `v1,<base64 HMAC-SHA256 of "<id>.<t>.<body>">` per
 * secret, space-separated, so a receiver holding either secret during a rotation verifies.
 */
export function signStandardWebhook(
  secrets: readonly string[],
  id: string,
  unixSeconds: number,
  body: string,
): string {
  return secrets
    .map(
      (secret) =>
        `v1,${createHmac("sha256", standardKey(secret)).update(`${id}.${unixSeconds}.${body}`).digest("base64")}`,
    )
    .join(" ");
}

/** `X-WhatLead-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, one `v1` per secret. */
export function signWebhook(secrets: readonly string[], body: string, unixSeconds: number): string {
  return [`t=${unixSeconds}`, ...secrets.map((secret) => `v1=${hmac(secret, unixSeconds, body)}`)].join(",");
}

/**
 * What a receiver of `X-WhatLead-Signature` does: recompute the HMAC over the raw body, compare in
 * constant time with each `v1`, and refuse timestamps older than `toleranceSeconds` so a captured
 * request cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const fields = header.split(",").map((part) => part.split("=", 2) as [string, string | undefined]);
  const t = Number(fields.find(([name]) => name === "t")?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, t, body), "hex");
  return fields.some(([name, value]) => {
    const given = Buffer.from(name === "v1" && value ? value : "", "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function hmac(secret: string, unixSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
}
