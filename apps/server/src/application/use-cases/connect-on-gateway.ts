import type { GatewayInstanceState, WebhookTarget } from "../ports/instance-gateway-port";
import type { WhatsAppProvider } from "../ports/provider-registry";

/**
 * Has the gateway serve the instance again: created if it forgot it, asked to connect, its webhook
 * pointed back at us. Answers the state the gateway reports after.
 */
export async function connectOnGateway(
  provider: WhatsAppProvider,
  name: string,
  target: WebhookTarget | null,
): Promise<GatewayInstanceState> {
  const state = await provider.ensureInstance(name);
  if (target) await provider.configureWebhook(name, target);
  return state;
}
