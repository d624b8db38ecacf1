import { timingSafeEqual } from "node:crypto";
import { derivedSecret } from "../derived-secret";

// The token of the wuzapi user behind one instance. wuzapi lets the creator choose it, so it is made
// from the instance name and an HMAC of it under the admin token: nothing to store, nothing the API
// could return, and only a holder of the admin token (who can list every user's token anyway) can
// make one. wuzapi's webhooks carry only this token, so it also says, verifiably, which instance
// an event is about.

function signature(adminToken: string, instanceName: string): string {
  return derivedSecret(adminToken, "wuzapi-user", instanceName);
}

export function wuzapiUserToken(adminToken: string, instanceName: string): string {
  return `${Buffer.from(instanceName).toString("base64url")}.${signature(adminToken, instanceName)}`;
}

/** The instance a token was made for, or null when it was not made with this admin token. */
export function wuzapiInstanceOf(adminToken: string, token: string): string | null {
  const [encodedName, given, extra] = token.split(".");
  if (encodedName === undefined || given === undefined || extra !== undefined) return null;
  const instanceName = Buffer.from(encodedName, "base64url").toString();
  const expected = Buffer.from(signature(adminToken, instanceName));
  const presented = Buffer.from(given);
  return presented.length === expected.length && timingSafeEqual(presented, expected) ? instanceName : null;
}
