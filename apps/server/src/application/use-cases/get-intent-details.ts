import type { MessageIntent } from "../../domain/intent/message-intent";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { TimelineEntry } from "../../domain/timeline/timeline-entry";
import { ApplicationError } from "../application-error";
import type { Repositories } from "../ports/unit-of-work";

export interface IntentDetails {
  intent: MessageIntent;
  job: MessageExecutionJob | null;
  timeline: TimelineEntry[];
}

/** One intent with its job and its whole trace, the answer to "what happened to this message?". */
export class GetIntentDetailsQuery {
  constructor(private readonly repos: Repositories) {}

  async execute(organizationId: string, intentId: string): Promise<IntentDetails> {
    const intent = await this.repos.intents.findById(intentId);
    if (!intent || intent.organizationId !== organizationId) {
      throw new ApplicationError("INTENT_NOT_FOUND", `intent ${intentId} not found`);
    }
    const [job, timeline] = await Promise.all([
      this.repos.jobs.findByIntentId(intentId),
      this.repos.timeline.listForIntent(intentId),
    ]);
    return { intent, job, timeline };
  }
}
