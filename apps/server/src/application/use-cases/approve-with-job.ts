import type { Instance } from "../../domain/instance/instance";
import type { MessageIntent } from "../../domain/intent/message-intent";
import { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type {
  DomainEvent,
  ExecutionJobCreated,
  MessageIntentApproved,
} from "../../domain/timeline/domain-event";
import type { Clock } from "../ports/clock";
import type { DomainEventBus } from "../ports/domain-event-bus";
import type { IdGenerator } from "../ports/id-generator";
import type { Repositories, UnitOfWork } from "../ports/unit-of-work";

/** What the use cases that approve (approve, decide, batch) are built with. */
export interface ApprovalDependencies {
  uow: UnitOfWork;
  clock: Clock;
  newId: IdGenerator;
  bus: DomainEventBus;
  maxAttempts: number;
}

export interface Approval {
  now: Date;
  actor: string;
  newId: () => string;
  maxAttempts: number;
  /** Reschedules the intent when given (null: at once). */
  sendAt?: Date | null | undefined;
  /** Sets the intent's typing when given (null: the default). */
  typing?: boolean | null | undefined;
}

export interface ApprovalContext extends Approval {
  repos: Repositories;
}

/** The approval an operator or a gate asks for, inside the unit of work of `repos`, at `now`. */
export function approvalIn(
  repos: Repositories,
  deps: ApprovalDependencies,
  now: Date,
  asked: Pick<Approval, "actor" | "sendAt" | "typing">,
): ApprovalContext {
  const { newId, maxAttempts } = deps;
  return { repos, now, newId, maxAttempts, actor: asked.actor, sendAt: asked.sendAt, typing: asked.typing };
}

/**
 * Approves `intent` on `instance` in memory and makes its job: what every approval writes, for
 * callers that write many at once.
 */
export function approveIntoJob(
  approval: Approval,
  intent: MessageIntent,
  instance: Instance,
): { approved: MessageIntentApproved; job: MessageExecutionJob; created: ExecutionJobCreated } {
  const approved = intent.approve(instance.id, approval.now, approval.actor, {
    sendAt: approval.sendAt,
    typing: approval.typing,
  });
  const { job, event } = MessageExecutionJob.create({
    id: approval.newId(),
    intent,
    provider: instance.provider,
    maxAttempts: approval.maxAttempts,
    now: approval.now,
  });
  return { approved, job, created: event };
}

/**
 * Approves `intent` on `instance` and creates its job, inside the caller's unit of work, so an
 * approved intent never exists without its job. Shared by the external gate and the built-in one.
 */
export async function approveWithJob(
  ctx: ApprovalContext,
  intent: MessageIntent,
  instance: Instance,
): Promise<{ job: MessageExecutionJob; events: DomainEvent[] }> {
  const { approved, job, created } = approveIntoJob(ctx, intent, instance);
  await ctx.repos.intents.save(intent);
  await ctx.repos.timeline.append([approved]);
  const result = await ctx.repos.jobs.createIfNotExists(job, created);
  return { job: result.job, events: result.created ? [approved, created] : [approved] };
}
