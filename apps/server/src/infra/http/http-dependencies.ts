import type { Repositories } from "../../application/ports/unit-of-work";
import type { ApproveMessageIntentUseCase } from "../../application/use-cases/approve-message-intent";
import type { BulkRetryJobsUseCase } from "../../application/use-cases/bulk-retry-jobs";
import type { CancelJobUseCase } from "../../application/use-cases/cancel-job";
import type { ConfirmJobUseCase } from "../../application/use-cases/confirm-job";
import type { CreateMessageIntentUseCase } from "../../application/use-cases/create-message-intent";
import type { CreateMessageIntentsBatchUseCase } from "../../application/use-cases/create-message-intents-batch";
import type { DecideMessageIntentUseCase } from "../../application/use-cases/decide-message-intent";
import type { DeleteInstanceUseCase } from "../../application/use-cases/delete-instance";
import type { DropMessageIntentUseCase } from "../../application/use-cases/drop-message-intent";
import type { GetIntentDetailsQuery } from "../../application/use-cases/get-intent-details";
import type { GetOverviewStatsQuery } from "../../application/use-cases/get-overview-stats";
import type { GetPairingQrUseCase } from "../../application/use-cases/get-pairing-qr";
import type { PauseInstanceUseCase } from "../../application/use-cases/pause-instance";
import type { PauseOrganizationUseCase } from "../../application/use-cases/pause-organization";
import type { ReceiveDeliveryReceiptUseCase } from "../../application/use-cases/receive-delivery-receipt";
import type { ReceiveSendReportUseCase } from "../../application/use-cases/receive-send-report";
import type { ReconnectInstanceUseCase } from "../../application/use-cases/reconnect-instance";
import type { RegisterInstanceUseCase } from "../../application/use-cases/register-instance";
import type { RegisterWebhookEndpointUseCase } from "../../application/use-cases/register-webhook-endpoint";
import type { RequeueJobUseCase } from "../../application/use-cases/requeue-job";
import type { ResendJobUseCase } from "../../application/use-cases/resend-job";
import type { RotateWebhookSecretUseCase } from "../../application/use-cases/rotate-webhook-secret";
import type { UpdateInstanceConnectionUseCase } from "../../application/use-cases/update-instance-connection";
import type { UpdateInstanceSettingsUseCase } from "../../application/use-cases/update-instance-settings";
import type { WebhookDeliveryRepository } from "../../domain/webhook/webhook-delivery-repository";
import type { WebhookEndpointRepository } from "../../domain/webhook/webhook-endpoint-repository";
import type { ApiKeys } from "../auth/api-keys";
import type { ExecutorMetrics } from "../metrics/executor-metrics";
import type { LiveEventsOptions } from "./live-event-stream";
import type { GatewayWebhookSecrets } from "./webhook-secret";

export interface HttpDependencies {
  repos: Repositories;
  createIntent: CreateMessageIntentUseCase;
  createIntentsBatch: CreateMessageIntentsBatchUseCase;
  approveIntent: ApproveMessageIntentUseCase;
  decideIntent: DecideMessageIntentUseCase;
  dropIntent: DropMessageIntentUseCase;
  getIntentDetails: GetIntentDetailsQuery;
  getOverviewStats: GetOverviewStatsQuery;
  registerInstance: RegisterInstanceUseCase;
  reconnectInstance: ReconnectInstanceUseCase;
  deleteInstance: DeleteInstanceUseCase;
  getPairingQr: GetPairingQrUseCase;
  requeueJob: RequeueJobUseCase;
  /** Inbound gateway webhooks. */
  webhooks: {
    secrets: GatewayWebhookSecrets;
    /** The instance a wuzapi user token names; always null when no wuzapi gateway is configured. */
    wuzapiInstanceOf: (token: string) => string | null;
    receiveSendReport: ReceiveSendReportUseCase;
    receiveReceipt: ReceiveDeliveryReceiptUseCase;
    updateConnection: UpdateInstanceConnectionUseCase;
  };
  registerWebhook: RegisterWebhookEndpointUseCase;
  rotateWebhookSecret: RotateWebhookSecretUseCase;
  webhookEndpoints: WebhookEndpointRepository;
  webhookDeliveries: WebhookDeliveryRepository;
  liveEvents: LiveEventsOptions;
  apiKeys: ApiKeys;
  bulkRetryJobs: BulkRetryJobsUseCase;
  confirmJob: ConfirmJobUseCase;
  resendJob: ResendJobUseCase;
  cancelJob: CancelJobUseCase;
  pauseInstance: PauseInstanceUseCase;
  updateInstanceSettings: UpdateInstanceSettingsUseCase;
  pauseOrganization: PauseOrganizationUseCase;
  /** Work may be runnable again (a resume): let this process's worker look now rather than at its next poll. */
  wakeWorker: () => void;
  /** Answers whether the database is reachable. */
  checkDatabase: () => Promise<void>;
  /** Tags of shipped migrations the database lacks: not ready while any is. */
  pendingMigrations: () => Promise<string[]>;
  metrics: ExecutorMetrics;
}
