import { type JobEventSource, jobEventBase } from "../../domain/job/job-event-base";
import type { MessageConfirmedByGateway } from "../../domain/timeline/domain-event";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { Repositories } from "../ports/unit-of-work";

export interface UnconfirmedAttempt extends JobEventSource {
  attempts: number;
}

/**
 * The gateway showed that an UNCONFIRMED attempt went out with `messageId`: SENT, fenced on the
 * attempt, `MessageConfirmedByGateway` stored and published. False when the fence matched nothing
 * (an operator's action or the same report twice at once came first).
 */
export async function confirmAttemptSent(
  deps: { repos: Repositories; bus: DomainEventBus },
  job: UnconfirmedAttempt,
  messageId: string,
  at: Date,
  provider: string,
): Promise<boolean> {
  const event: MessageConfirmedByGateway = {
    ...jobEventBase(job, at, `gateway:${provider}`),
    type: "MessageConfirmedByGateway",
    attempt: job.attempts,
    providerMessageId: messageId,
  };
  const applied = await deps.repos.jobs.confirmSent(job.id, job.attempts, messageId, event);
  if (applied) deps.bus.publish([event]);
  return applied;
}
