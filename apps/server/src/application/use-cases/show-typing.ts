import type { MessageContent } from "../../domain/intent/message-payload";
import { gatewayRecipient } from "../../domain/intent/recipient-key";
import { type TypingBounds, type TypingPlan, typingPlanFor } from "../../domain/intent/typing-plan";
import type { ClaimedJob } from "../ports/job-queue";
import type { ProviderRegistry } from "../ports/provider-registry";
import type { PresenceOutcome } from "../ports/whatsapp-provider-port";

export interface TypingSettings {
  /** For intents that do not say (TYPING_DEFAULT). */
  byDefault: boolean;
  bounds: TypingBounds;
}

export interface TypingShown {
  typingMs: number;
  /** The gateway's answer, whenever it comes: the send does not wait for it. */
  presence: Promise<PresenceOutcome>;
}

/**
 * "typing…" before a send: the provider's presence call, then the typing time. The send goes after
 * exactly that time whatever the presence call does: a failed call is reported and a slow one is not
 * waited for, so typing never fails a message nor delays it past its typing time.
 */
export class ShowTypingUseCase {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly settings: TypingSettings,
    private readonly wait: (ms: number) => Promise<void>,
  ) {}

  /** Null: this job goes without typing (not wanted, nothing to type, or a provider without presence). */
  planFor(claimed: ClaimedJob): TypingPlan | null {
    if (!(claimed.intent.typing ?? this.settings.byDefault)) return null;
    if (this.providers.get(claimed.job.provider)?.showPresence === undefined) return null;
    const { type, payload } = claimed.intent;
    return typingPlanFor({ type, payload } as MessageContent, this.settings.bounds);
  }

  /** Resolves when the typing time is over. */
  async show(claimed: ClaimedJob, plan: TypingPlan): Promise<TypingShown> {
    const presence = this.callPresence(claimed, plan);
    await this.wait(plan.durationMs);
    return { typingMs: plan.durationMs, presence };
  }

  private async callPresence(claimed: ClaimedJob, plan: TypingPlan): Promise<PresenceOutcome> {
    const provider = this.providers.get(claimed.job.provider);
    try {
      if (provider?.showPresence === undefined)
        return { kind: "failed", code: "PRESENCE_UNSUPPORTED", message: "provider has no presence call" };
      return await provider.showPresence(claimed.instanceName, gatewayRecipient(claimed.intent.target), plan);
    } catch (error) {
      return { kind: "failed", code: "PROVIDER_ADAPTER_ERROR", message: (error as Error).message };
    }
  }
}
