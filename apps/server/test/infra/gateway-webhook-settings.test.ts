import { describe, expect, it } from "vitest";
import {
  evolutionWebhookSecret,
  gatewayWebhookSettings,
} from "../../src/infra/composition/gateway-webhook-settings";
import { openGateways } from "../../src/infra/composition/gateways";
import { type ConfigInput, loadConfig } from "../../src/infra/config/config";
import { wuzapiUserToken } from "../../src/infra/providers/wuzapi/wuzapi-user-token";

const PUBLIC_URL = "https://executor.example.com/";
const TURBOZAP = { TURBOZAP_BASE_URL: "http://turbozap.internal", TURBOZAP_API_KEY: "turbozap-key-0123" };
const EVOLUTION = {
  EVOLUTION_BASE_URL: "http://evolution.internal",
  EVOLUTION_API_KEY: "evolution-key-0123",
};
const WUZAPI = { WUZAPI_BASE_URL: "http://wuzapi.internal", WUZAPI_ADMIN_TOKEN: "wuzapi-admin-0123" };

/** The settings main.ts builds from the environment `env`, for real gateways (no simulator starts). */
async function settingsFor(env: ConfigInput, baseUrl: string | null = PUBLIC_URL) {
  const config = loadConfig(env);
  return gatewayWebhookSettings(config, await openGateways(config), () => baseUrl);
}

describe("gateway webhooks: each gateway on its own credential", () => {
  it("configures wuzapi's webhook in a wuzapi-only deployment, with no TurboZap secret", async () => {
    const settings = await settingsFor({ ...WUZAPI, PUBLIC_URL });
    expect(settings.target("wuzapi")).toEqual({
      url: "https://executor.example.com/v1/webhooks/wuzapi",
      headers: {},
    });
    expect(settings.target("turbozap")).toBeNull();
    expect(settings.secrets).toEqual({ turbozap: null, evolution: null });
    const token = wuzapiUserToken(WUZAPI.WUZAPI_ADMIN_TOKEN, "shop-1");
    expect(settings.wuzapiInstanceOf?.(token)).toBe("shop-1");
  });

  it("configures Evolution's webhook in an Evolution-only deployment, with the secret its route checks", async () => {
    const settings = await settingsFor({ ...EVOLUTION, PUBLIC_URL });
    const secret = evolutionWebhookSecret(EVOLUTION.EVOLUTION_API_KEY);
    expect(settings.target("evolution")).toEqual({
      url: "https://executor.example.com/v1/webhooks/evolution",
      headers: { "x-webhook-secret": secret },
    });
    expect(settings.secrets.evolution).toBe(secret);
    // Not the key itself, which the gateway's stored webhook would otherwise show.
    expect(secret).not.toContain(EVOLUTION.EVOLUTION_API_KEY);
    expect(settings.target("wuzapi")).toBeNull();
    expect(settings.wuzapiInstanceOf?.(wuzapiUserToken("any-admin-token", "shop-1"))).toBeNull();
  });

  it("gives each gateway of a mixed deployment its own secret", async () => {
    const settings = await settingsFor({
      ...TURBOZAP,
      ...EVOLUTION,
      ...WUZAPI,
      PUBLIC_URL,
      TURBOZAP_WEBHOOK_SECRET: "turbozap-webhook-secret-0123",
    });
    expect(settings.target("turbozap")?.headers).toEqual({
      "x-webhook-secret": "turbozap-webhook-secret-0123",
    });
    expect(settings.target("evolution")?.headers).toEqual({
      "x-webhook-secret": evolutionWebhookSecret(EVOLUTION.EVOLUTION_API_KEY),
    });
    expect(settings.secrets.turbozap).not.toBe(settings.secrets.evolution);
    expect(settings.target("wuzapi")?.url).toBe("https://executor.example.com/v1/webhooks/wuzapi");
  });

  it("configures nothing without an address the gateways can reach", async () => {
    const settings = await settingsFor({ ...EVOLUTION, ...WUZAPI }, null);
    expect(settings.target("evolution")).toBeNull();
    expect(settings.target("wuzapi")).toBeNull();
    // The routes still accept what a gateway configured by hand posts.
    expect(settings.secrets.evolution).toBe(evolutionWebhookSecret(EVOLUTION.EVOLUTION_API_KEY));
  });
});
