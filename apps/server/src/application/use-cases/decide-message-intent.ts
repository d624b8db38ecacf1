import type { Instance } from "../../domain/instance/instance";
import type { MessageIntent } from "../../domain/intent/message-intent";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { DomainEvent } from "../../domain/timeline/domain-event";
import type { Repositories } from "../ports/unit-of-work";
import { type ApprovalDependencies, approvalIn, approveWithJob } from "./approve-with-job";
import { loadIntentForUpdate } from "./load-intent-for-update";
import { loadOwnedInstance } from "./load-owned-instance";

export interface DecideMessageIntentInput {
  organizationId: string;
  intentId: string;
  /** Approve on this instance if it is connected; otherwise the least busy connected one. */
  instanceId?: string | undefined;
  actor: string;
  /** Reschedules the intent when approved (null: at once). */
  sendAt?: Date | null | undefined;
  /** Sets the intent's typing when given (null: back to the default). */
  typing?: boolean | null | undefined;
  /** Queue instead of approving: the intent goes back to the gate at this time. */
  queueUntil?: Date | undefined;
}

export const QUEUED_BY_GATE = "QUEUED_BY_GATE";

export const NO_ELIGIBLE_INSTANCE = "NO_ELIGIBLE_INSTANCE";

/**
 * The minimal built-in gate: approve on a connected instance of the organization, or BLOCK with
 * NO_ELIGIBLE_INSTANCE; queue until a time when asked to. It takes no business decision beyond that (no cooldown, no risk score).
 */
export class DecideMessageIntentUseCase {
  constructor(private readonly deps: ApprovalDependencies) {}

  async execute(
    input: DecideMessageIntentInput,
  ): Promise<{ intent: MessageIntent; job: MessageExecutionJob | null }> {
    const result = await this.deps.uow.run(async (repos) => {
      const intent = await loadIntentForUpdate(repos, input.organizationId, input.intentId);
      const now = this.deps.clock.now();
      if (input.queueUntil !== undefined) {
        const queued = intent.queue(QUEUED_BY_GATE, input.queueUntil, now, input.actor);
        await repos.intents.save(intent);
        await repos.timeline.append([queued]);
        return { intent, job: null, events: [queued] as DomainEvent[] };
      }
      const instance = await this.pickInstance(repos, input);
      if (!instance) {
        const blocked = intent.block(NO_ELIGIBLE_INSTANCE, now, input.actor);
        await repos.intents.save(intent);
        await repos.timeline.append([blocked]);
        return { intent, job: null, events: [blocked] as DomainEvent[] };
      }
      const { job, events } = await approveWithJob(
        approvalIn(repos, this.deps, now, input),
        intent,
        instance,
      );
      return { intent, job, events };
    });
    this.deps.bus.publish(result.events);
    return { intent: result.intent, job: result.job };
  }

  private async pickInstance(repos: Repositories, input: DecideMessageIntentInput): Promise<Instance | null> {
    // The least busy one is loaded again under the lock every approval takes: a deletion racing this
    // decision either waits for it or has already happened, and is then refused.
    const instanceId =
      input.instanceId ?? (await repos.instances.findLeastBusyConnected(input.organizationId))?.id;
    if (instanceId === undefined) return null;
    const named = await loadOwnedInstance(repos, input.organizationId, instanceId);
    return named.status === "connected" ? named : null;
  }
}
