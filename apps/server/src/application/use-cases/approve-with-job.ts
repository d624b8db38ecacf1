import type { Instance } from "../../domain/instance/instance";
import type { MessageIntent } from "../../domain/intent/message-intent";
import { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { DomainEvent } from "../../domain/timeline/domain-event";
import type { Repositories } from "../ports/unit-of-work";

export interface ApprovalContext {
  repos: Repositories;
  now: Date;
  actor: string;
  newId: () => string;
  maxAttempts: number;
  /** Reschedules the intent when given (null: at once). */
  sendAt?: Date | null | undefined;
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
  const approved = intent.approve(instance.id, ctx.now, ctx.actor, ctx.sendAt);
  await ctx.repos.intents.save(intent);
  await ctx.repos.timeline.append([approved]);
  const { job, event } = MessageExecutionJob.create({
    id: ctx.newId(),
    intent,
    provider: instance.provider,
    maxAttempts: ctx.maxAttempts,
    now: ctx.now,
  });
  const result = await ctx.repos.jobs.createIfNotExists(job, event);
  return { job: result.job, events: result.created ? [approved, event] : [approved] };
}
