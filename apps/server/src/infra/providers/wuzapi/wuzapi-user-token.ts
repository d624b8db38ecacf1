import { createHmac } from "node:crypto";

/**
 * The token of the wuzapi user behind one instance. wuzapi lets the creator choose it, so it is derived
 * from the admin token and the instance name: nothing to store, nothing the API could return, and
 * only a holder of the admin token (who can list every user's token anyway) can recompute it.
 */
export function wuzapiUserToken(adminToken: string, instanceName: string): string {
  return createHmac("sha256", adminToken).update(`wuzapi-user:${instanceName}`).digest("base64url");
}
