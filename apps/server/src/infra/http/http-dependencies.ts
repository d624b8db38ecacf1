import type { Repositories } from "../../application/ports/unit-of-work";
import type { ApproveMessageIntentUseCase } from "../../application/use-cases/approve-message-intent";
import type { CreateMessageIntentUseCase } from "../../application/use-cases/create-message-intent";
import type { DecideMessageIntentUseCase } from "../../application/use-cases/decide-message-intent";
import type { GetIntentDetailsQuery } from "../../application/use-cases/get-intent-details";
import type { RegisterInstanceUseCase } from "../../application/use-cases/register-instance";
import type { RegisterWebhookEndpointUseCase } from "../../application/use-cases/register-webhook-endpoint";
import type { RequeueJobUseCase } from "../../application/use-cases/requeue-job";
import type { WebhookDeliveryRepository } from "../../domain/webhook/webhook-delivery-repository";
import type { WebhookEndpointRepository } from "../../domain/webhook/webhook-endpoint-repository";
import type { LiveEventsOptions } from "./live-event-stream";

export interface HttpDependencies {
  repos: Repositories;
  createIntent: CreateMessageIntentUseCase;
  approveIntent: ApproveMessageIntentUseCase;
  decideIntent: DecideMessageIntentUseCase;
  getIntentDetails: GetIntentDetailsQuery;
  registerInstance: RegisterInstanceUseCase;
  requeueJob: RequeueJobUseCase;
  registerWebhook: RegisterWebhookEndpointUseCase;
  webhookEndpoints: WebhookEndpointRepository;
  webhookDeliveries: WebhookDeliveryRepository;
  liveEvents: LiveEventsOptions;
  /** Answers whether the database is reachable. */
  checkDatabase: () => Promise<void>;
}
