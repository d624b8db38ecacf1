import { TurboZapClient } from "../../../apps/server/src/infra/providers/turbozap/turbozap-client";
import { envelopeMessageId } from "../../../apps/server/src/infra/providers/turbozap/turbozap-envelope";
import type { WorkerSettings } from "./bench-system";

/**
 * The one HTTP send every system makes per intent, through the executor's own TurboZap client
 * (node:http keep-alive), so that the systems differ by their queue only.
 */
export class GatewaySender {
  private readonly client: TurboZapClient;

  constructor(settings: WorkerSettings) {
    this.client = new TurboZapClient({
      baseUrl: settings.gatewayUrl,
      apiKey: settings.apiKey,
      timeoutMs: 30_000,
      maxSockets: settings.concurrency,
    });
  }

  /** The provider's message id; throws when the gateway did not accept the send. */
  async send(instance: string, to: string): Promise<string> {
    const result = await this.client.sendText(instance, { to, text: "bench" });
    const messageId = result.kind === "response" ? envelopeMessageId(result.body) : null;
    if (messageId === null) throw new Error(`send to ${to} failed: ${JSON.stringify(result)}`);
    return messageId;
  }
}
