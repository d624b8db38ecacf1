import { randomBytes } from "node:crypto";
import type { WebhookTarget } from "../../application/ports/instance-gateway-port";
import type { Config } from "../config/config";
import { WEBHOOK_SECRET_HEADER } from "../http/webhook-secret";
import { derivedSecret } from "../providers/derived-secret";
import { wuzapiInstanceOf } from "../providers/wuzapi/wuzapi-user-token";
import type { GatewayWebhookSettings } from "./create-executor";
import type { Gateways } from "./gateways";

/**
 * The header secret Evolution presents: made from its API key rather than asked for, so an
 * Evolution-only deployment needs no setting of its own, and only a holder of that key (who can
 * read every instance's webhook anyway) can make it.
 */
export function evolutionWebhookSecret(apiKey: string): string {
  return derivedSecret(apiKey, "evolution-webhook", "*");
}

/**
 * Inbound gateway webhooks of one process. Each gateway's webhook is configured at registration
 * when we have an address it can reach (`baseUrl`) and that gateway's own credential: one
 * gateway's missing secret never turns off another's.
 */
export function gatewayWebhookSettings(
  config: Config,
  gateways: Gateways,
  baseUrl: () => string | null,
): GatewayWebhookSettings {
  const { evolutionApiKey, wuzapiAdminToken } = gateways;
  const secrets = {
    // The embedded default makes its own, never printed: its simulators post from this process.
    turbozap:
      config.TURBOZAP_WEBHOOK_SECRET ?? (gateways.embedded ? randomBytes(24).toString("base64url") : null),
    evolution: evolutionApiKey === null ? null : evolutionWebhookSecret(evolutionApiKey),
  };
  const withSecret = (secret: string | null) =>
    secret === null ? null : { [WEBHOOK_SECRET_HEADER]: secret };
  // wuzapi sends no header of our choosing: the user's token in each post is its credential.
  const headersOf: Record<string, Record<string, string> | null> = {
    turbozap: withSecret(secrets.turbozap),
    evolution: withSecret(secrets.evolution),
    wuzapi: wuzapiAdminToken === null ? null : {},
  };
  return {
    secrets,
    target: (provider): WebhookTarget | null => {
      const base = baseUrl()?.replace(/\/+$/, "");
      const headers = headersOf[provider];
      return base && headers ? { url: `${base}/v1/webhooks/${provider}`, headers } : null;
    },
    wuzapiInstanceOf: (token) =>
      wuzapiAdminToken === null ? null : wuzapiInstanceOf(wuzapiAdminToken, token),
  };
}
