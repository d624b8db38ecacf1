/** What identifies a job in its events. */
export interface JobEventSource {
  organizationId: string;
  intentId: string;
  id: string;
  instanceId: string;
  provider: string;
}

/** The fields every job event carries: built here only (SQL-built events follow `jobEventJson`). */
export function jobEventBase(job: JobEventSource, occurredAt: Date, actor: string) {
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
