import type { MessageIntent } from "../../domain/intent/message-intent";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import { ApplicationError } from "../application-error";
import type { Repositories } from "../ports/unit-of-work";

/** Locks a job and its intent for an operator action; another organization's job is "not found". */
export async function loadJobForUpdate(
  repos: Repositories,
  organizationId: string,
  jobId: string,
): Promise<{ job: MessageExecutionJob; intent: MessageIntent }> {
  const job = await repos.jobs.findById(jobId, { forUpdate: true });
  if (!job || job.toProps().organizationId !== organizationId) {
    throw new ApplicationError("JOB_NOT_FOUND", `job ${jobId} not found`);
  }
  const intent = await repos.intents.findById(job.toProps().intentId, { forUpdate: true });
  if (!intent) throw new ApplicationError("INTENT_NOT_FOUND", `intent of job ${jobId} not found`);
  return { job, intent };
}
