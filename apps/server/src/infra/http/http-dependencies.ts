import type { Repositories } from "../../application/ports/unit-of-work";
import type { ApproveMessageIntentUseCase } from "../../application/use-cases/approve-message-intent";
import type { CreateMessageIntentUseCase } from "../../application/use-cases/create-message-intent";
import type { DecideMessageIntentUseCase } from "../../application/use-cases/decide-message-intent";
import type { GetIntentDetailsQuery } from "../../application/use-cases/get-intent-details";
import type { GetOverviewStatsQuery } from "../../application/use-cases/get-overview-stats";
import type { RegisterInstanceUseCase } from "../../application/use-cases/register-instance";
import type { RequeueJobUseCase } from "../../application/use-cases/requeue-job";

export interface HttpDependencies {
  repos: Repositories;
  createIntent: CreateMessageIntentUseCase;
  approveIntent: ApproveMessageIntentUseCase;
  decideIntent: DecideMessageIntentUseCase;
  getIntentDetails: GetIntentDetailsQuery;
  getOverviewStats: GetOverviewStatsQuery;
  registerInstance: RegisterInstanceUseCase;
  requeueJob: RequeueJobUseCase;
  /** Answers whether the database is reachable. */
  checkDatabase: () => Promise<void>;
}
