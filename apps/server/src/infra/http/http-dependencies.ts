import type { Repositories } from "../../application/ports/unit-of-work";
import type { ApproveMessageIntentUseCase } from "../../application/use-cases/approve-message-intent";
import type { ConfirmSendFromGatewayUseCase } from "../../application/use-cases/confirm-send-from-gateway";
import type { CreateMessageIntentUseCase } from "../../application/use-cases/create-message-intent";
import type { DecideMessageIntentUseCase } from "../../application/use-cases/decide-message-intent";
import type { GetIntentDetailsQuery } from "../../application/use-cases/get-intent-details";
import type { RecordDeliveryReceiptUseCase } from "../../application/use-cases/record-delivery-receipt";
import type { RegisterInstanceUseCase } from "../../application/use-cases/register-instance";
import type { RequeueJobUseCase } from "../../application/use-cases/requeue-job";
import type { UpdateInstanceConnectionUseCase } from "../../application/use-cases/update-instance-connection";

export interface HttpDependencies {
  repos: Repositories;
  createIntent: CreateMessageIntentUseCase;
  approveIntent: ApproveMessageIntentUseCase;
  decideIntent: DecideMessageIntentUseCase;
  getIntentDetails: GetIntentDetailsQuery;
  registerInstance: RegisterInstanceUseCase;
  requeueJob: RequeueJobUseCase;
  /** Inbound gateway webhooks; `secret` null means none is accepted. */
  webhooks: {
    secret: string | null;
    confirmSend: ConfirmSendFromGatewayUseCase;
    recordReceipt: RecordDeliveryReceiptUseCase;
    updateConnection: UpdateInstanceConnectionUseCase;
  };
  /** Answers whether the database is reachable. */
  checkDatabase: () => Promise<void>;
}
