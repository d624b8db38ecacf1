import type { DeliveryFilter } from "../intent/delivery-state";
import type { MessageIntentProps } from "../intent/message-intent";
import type { IntentPurpose } from "../intent/message-payload";
import type { CreatedRange, Page, PageRequest } from "../shared/page";
import type { ExecutionJobCreated, MessageConfirmedByGateway } from "../timeline/domain-event";
import type { ExecutionStatus } from "./execution-status";
import type { MessageExecutionJob, MessageExecutionJobProps } from "./message-execution-job";

/** Attempts that may be the one a gateway `send.message` report is about. */
export interface ConfirmationCandidatesRequest {
  instanceId: string;
  /** Only attempts handed to the provider in this interval. */
  dispatchedFrom: Date;
  dispatchedTo: Date;
  limit: number;
}

/** A candidate attempt with its intent, so the caller can compare recipient and content. */
export interface CandidateAttempt {
  job: MessageExecutionJobProps;
  intent: MessageIntentProps;
}

/** Operator selections over many jobs (bulk actions); the created range means what it means on lists. */
export interface JobSelection extends CreatedRange {
  organizationId: string;
  status: ExecutionStatus;
  instanceId?: string | undefined;
}

export interface JobListFilter extends PageRequest, CreatedRange, DeliveryFilter {
  organizationId?: string | undefined;
  status?: ExecutionStatus | undefined;
  instanceId?: string | undefined;
  /** The purpose of the job's intent. */
  purpose?: IntentPurpose | undefined;
  /** A UUID: the job's or its intent's exact id; anything else: part of the job's recipient, ignoring case. */
  search?: string | undefined;
}

/**
 * Jobs as people see and act on them: the API's reads, operator actions, gateway matching. The
 * worker's protocol (claim, outcomes, leases) is the JobQueue's, which no route can reach.
 */
export interface MessageExecutionJobRepository {
  /** Idempotent on the intent: a second call returns the existing job with `created: false`. */
  createIfNotExists(
    job: MessageExecutionJob,
    event: ExecutionJobCreated,
  ): Promise<{ job: MessageExecutionJob; created: boolean }>;
  /**
   * Jobs of intents created in the same unit of work, which cannot have one yet (a batch): one
   * write for all of them. Their ExecutionJobCreated rows are the caller's, with its other events.
   */
  insertMany(jobs: readonly MessageExecutionJob[]): Promise<void>;
  findById(id: string, options?: { forUpdate?: boolean }): Promise<MessageExecutionJob | null>;
  findByIntentId(intentId: string): Promise<MessageExecutionJob | null>;
  list(filter: JobListFilter): Promise<Page<MessageExecutionJob>>;
  /** The job whose send the provider knows by this id (only SENT jobs carry one). */
  findByProviderMessageId(providerMessageId: string): Promise<MessageExecutionJob | null>;
  /** UNCONFIRMED and PROCESSING jobs of the instance dispatched in the interval, with their intents. */
  listConfirmationCandidates(request: ConfirmationCandidatesRequest): Promise<CandidateAttempt[]>;
  /**
   * UNCONFIRMED → SENT with the provider's id, with the intent and the event, atomically; false and
   * nothing written unless the job is still UNCONFIRMED at `attempt`.
   */
  confirmSent(
    jobId: string,
    attempt: number,
    providerMessageId: string,
    event: MessageConfirmedByGateway,
  ): Promise<boolean>;
  /** Every job of the selection, oldest first; `forUpdate` locks them for a unit of work. */
  findAll(selection: JobSelection, options?: { forUpdate?: boolean }): Promise<MessageExecutionJob[]>;
  /** Persists a job changed by an operator action (inside a unit of work). */
  save(job: MessageExecutionJob): Promise<void>;
}
