import type { ProviderRegistry, WhatsAppProvider } from "../../application/ports/provider-registry";

/** The providers configured at start, by name; the first one is the default for new instances. */
export class StaticProviderRegistry implements ProviderRegistry {
  private readonly byName: Map<string, WhatsAppProvider>;
  readonly defaultProvider: string;

  constructor(providers: readonly WhatsAppProvider[]) {
    const first = providers[0];
    if (!first) throw new Error("at least one provider is required");
    this.defaultProvider = first.name;
    this.byName = new Map(providers.map((p) => [p.name.toLowerCase(), p]));
  }

  get(name: string): WhatsAppProvider | undefined {
    return this.byName.get(name.toLowerCase());
  }

  names(): string[] {
    return [...this.byName.values()].map((p) => p.name);
  }

  idempotentProviders(): string[] {
    return [...this.byName.values()].filter((p) => p.capabilities.idempotencyKey).map((p) => p.name);
  }
}
