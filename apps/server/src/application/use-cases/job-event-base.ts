import type { MessageExecutionJobProps } from "../../domain/job/message-execution-job";

/** The fields every job event carries, read from the job as it was claimed. */
export function jobEventBase(job: MessageExecutionJobProps, occurredAt: Date, actor: string) {
  return {
    organizationId: job.organizationId,
    intentId: job.intentId,
    jobId: job.id,
    instanceId: job.instanceId,
    provider: job.provider,
    occurredAt,
    actor,
  };
}
