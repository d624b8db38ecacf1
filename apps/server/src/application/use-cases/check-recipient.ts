import { recipientKey } from "../../domain/intent/recipient-key";
import type { Clock } from "../ports/clock";
import type { ClaimedJob, JobOutcome } from "../ports/job-queue";
import type { ProviderRegistry } from "../ports/provider-registry";
import type { RecipientCheck, RecipientCheckRepository } from "../ports/recipient-check-repository";
import type { RecipientCheckOutcome, SendOutcome } from "../ports/whatsapp-provider-port";
import type { AttemptClaimedJobUseCase } from "./attempt-claimed-job";

export interface RecipientCheckSettings {
  /** How long a gateway's answer about a number is reused (RECIPIENT_CHECK_MAX_AGE); null: for good. */
  maxAgeSeconds: number | null;
}

/**
 * "Is this number on WhatsApp?" before a send from an instance that checks its recipients (gateways
 * accept sends to numbers without an account and never report them). It runs inside the job's claim,
 * before the dispatch mark, so a lookup is paced exactly as the send it precedes, and a worker that
 * dies meanwhile leaves a claim that is simply retried. A fresh answer in the repository decides
 * without a call; otherwise the gateway is asked and its answer recorded. A number that is not on
 * WhatsApp fails NOT_ON_WHATSAPP with nothing sent; a check that could not tell holds or retries the
 * job like a send that did not go out: never a send without a verdict, never a failure for it.
 */
export class CheckRecipientUseCase {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly checks: RecipientCheckRepository,
    private readonly attempt: AttemptClaimedJobUseCase,
    private readonly clock: Clock,
    private readonly settings: RecipientCheckSettings,
  ) {}

  /** Whether this claim waits for a check: its instance checks and it goes to a phone number (a group has no account). */
  appliesTo(claimed: ClaimedJob): boolean {
    return claimed.instanceChecksRecipients && claimed.intent.target.kind === "PHONE";
  }

  /** Null: the number is on WhatsApp, send. Otherwise the outcome that ends this attempt unsent. */
  async refusal(claimed: ClaimedJob): Promise<JobOutcome | null> {
    const startedAt = this.clock.now();
    const answer = await this.verdict(claimed);
    return answer === null ? null : this.attempt.outcomeOf(claimed, answer, startedAt);
  }

  private async verdict(claimed: ClaimedJob): Promise<SendOutcome | null> {
    const provider = this.providers.get(claimed.job.provider);
    const check = provider?.checkRecipient?.bind(provider);
    if (check === undefined) {
      // The instance asked for checks its gateway cannot make: sending unchecked would ignore that.
      const message = `provider "${claimed.job.provider}" cannot check recipients; turn checkRecipients off for this instance`;
      return { kind: "permanent", code: "RECIPIENT_CHECK_UNSUPPORTED", message };
    }
    const { organizationId } = claimed.job;
    const phone = recipientKey(claimed.intent.target);
    const cached = await this.checks.findFresh(organizationId, phone, this.settings.maxAgeSeconds);
    if (cached !== null) return refusalOf(cached, "a check cached");
    const answer = await ask(() => check(claimed.instanceName, phone));
    if (answer.kind !== "checked") return answer;
    return refusalOf(await this.checks.record(organizationId, phone, answer.onWhatsApp), "the gateway");
  }
}

/** An adapter must not throw for a gateway answer; if one does, the lookup told nothing. */
async function ask(check: () => Promise<RecipientCheckOutcome>): Promise<RecipientCheckOutcome> {
  try {
    return await check();
  } catch (error) {
    return { kind: "retryable", code: "PROVIDER_ADAPTER_ERROR", message: (error as Error).message };
  }
}

function refusalOf(check: RecipientCheck, source: string): SendOutcome | null {
  if (check.onWhatsApp) return null;
  return {
    kind: "permanent",
    code: "NOT_ON_WHATSAPP",
    message: `the number has no WhatsApp account (${source} said so at ${check.checkedAt.toISOString()}); nothing was sent`,
  };
}
