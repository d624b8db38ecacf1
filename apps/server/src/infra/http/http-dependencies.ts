import type { Repositories } from "../../application/ports/unit-of-work";
import type { ApproveMessageIntentUseCase } from "../../application/use-cases/approve-message-intent";
import type { CreateMessageIntentUseCase } from "../../application/use-cases/create-message-intent";
import type { CreateMessageIntentsBatchUseCase } from "../../application/use-cases/create-message-intents-batch";
import type { DecideMessageIntentUseCase } from "../../application/use-cases/decide-message-intent";
import type { GetIntentDetailsQuery } from "../../application/use-cases/get-intent-details";
import type { RegisterInstanceUseCase } from "../../application/use-cases/register-instance";
import type { RequeueJobUseCase } from "../../application/use-cases/requeue-job";
import type { ApiKeys } from "../auth/api-keys";

export interface HttpDependencies {
  repos: Repositories;
  createIntent: CreateMessageIntentUseCase;
  createIntentsBatch: CreateMessageIntentsBatchUseCase;
  approveIntent: ApproveMessageIntentUseCase;
  decideIntent: DecideMessageIntentUseCase;
  getIntentDetails: GetIntentDetailsQuery;
  registerInstance: RegisterInstanceUseCase;
  requeueJob: RequeueJobUseCase;
  apiKeys: ApiKeys;
  /** Answers whether the database is reachable. */
  checkDatabase: () => Promise<void>;
}
