import type { InstanceGatewayPort } from "./instance-gateway-port";
import type { WhatsAppProviderPort } from "./whatsapp-provider-port";

export type WhatsAppProvider = WhatsAppProviderPort & InstanceGatewayPort;

/** Providers by name (`turbozap`, `evolution`, `wuzapi`); an instance names the one that serves it. */
export interface ProviderRegistry {
  readonly defaultProvider: string;
  /** Names match in any letter case. */
  get(name: string): WhatsAppProvider | undefined;
  /** The configured providers' names, the default first. */
  names(): string[];
  /** Names of the providers that dedupe on our idempotency key, whose uncertain attempts may be retried. */
  idempotentProviders(): string[];
}
