import type { MessageIntentProps } from "../intent/message-intent";
import type { IntentPurpose } from "../intent/message-payload";
import type { CreatedRange, Page, PageRequest } from "../shared/page";
import type {
  DomainEvent,
  ExecutionJobCreated,
  MessageConfirmedByGateway,
  MessageFailed,
  MessageSent,
  MessageUnconfirmed,
} from "../timeline/domain-event";
import type { ExecutionStatus } from "./execution-status";
import type { JobError } from "./job-error";
import type { JobFence } from "./job-fence";
import type { MessageExecutionJob, MessageExecutionJobProps } from "./message-execution-job";

/** A claimed job with what the send needs, so that executing it costs no further read. */
export interface ClaimedJob {
  job: MessageExecutionJobProps;
  intent: MessageIntentProps;
  instanceName: string;
}

export interface ClaimRequest {
  workerId: string;
  limit: number;
  leaseMs: number;
  now: Date;
  /** Claim only among these ids (still atomically, skipping locked rows). */
  jobIds?: readonly string[];
  /**
   * At most this many PROCESSING jobs per instance across every worker; 0 or absent = no limit.
   * Whatever the limit, a job waits while an earlier unfinished job to the same recipient from the
   * same instance exists, and jobs of a paused instance or organization are not claimed.
   */
  perInstanceLimit?: number;
}

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

export interface LeaseRecoveryRequest {
  now: Date;
  limit: number;
  /** Who recovers, for the timeline (`worker:<id>`). */
  actor: string;
  /** Providers that dedupe on our idempotency key: a dispatched attempt of theirs may simply be retried. */
  idempotentProviders: readonly string[];
}

/** Operator selections over many jobs (bulk actions); the created range means what it means on lists. */
export interface JobSelection extends CreatedRange {
  organizationId: string;
  status: ExecutionStatus;
  instanceId?: string | undefined;
}

export interface JobListFilter extends PageRequest, CreatedRange {
  organizationId?: string | undefined;
  status?: ExecutionStatus | undefined;
  instanceId?: string | undefined;
  /** The purpose of the job's intent. */
  purpose?: IntentPurpose | undefined;
  /** A UUID: the job's or its intent's exact id; anything else: part of the job's recipient, ignoring case. */
  search?: string | undefined;
}

export interface MissingJobsRequest {
  limit: number;
  maxAttempts: number;
  now: Date;
  newId: () => string;
}

/**
 * Jobs, and the outcome writes that must move the job, its intent and the timeline together.
 * Every `mark*` outcome is atomic and fenced: it returns false and writes nothing unless the job
 * is still PROCESSING under `fence`.
 */
export interface MessageExecutionJobRepository {
  /** Idempotent on the intent: a second call returns the existing job with `created: false`. */
  createIfNotExists(
    job: MessageExecutionJob,
    event: ExecutionJobCreated,
  ): Promise<{ job: MessageExecutionJob; created: boolean }>;
  /** Reconciler: one job for each APPROVED intent that has none (approvals made outside the API). */
  createMissingForApproved(request: MissingJobsRequest): Promise<MessageExecutionJob[]>;
  findById(id: string, options?: { forUpdate?: boolean }): Promise<MessageExecutionJob | null>;
  findByIntentId(intentId: string): Promise<MessageExecutionJob | null>;
  list(filter: JobListFilter): Promise<Page<MessageExecutionJob>>;
  /**
   * One atomic statement: due runnable jobs become PROCESSING under a lease, attempts + 1, and
   * dispatched at `now`: the caller sends them at once, so from the claim on they may have left.
   */
  tryClaim(request: ClaimRequest): Promise<ClaimedJob[]>;
  markSent(fence: JobFence, providerMessageId: string, event: MessageSent): Promise<boolean>;
  markRetry(fence: JobFence, error: JobError, nextAttemptAt: Date, event: MessageFailed): Promise<boolean>;
  markFailed(fence: JobFence, error: JobError, event: MessageFailed): Promise<boolean>;
  markUnconfirmed(fence: JobFence, error: JobError, event: MessageUnconfirmed): Promise<boolean>;
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
  /** Heartbeat: pushes the lease of every attempt still held to `until`, in one write; returns their job ids. */
  extendLeases(fences: readonly JobFence[], until: Date): Promise<string[]>;
  /**
   * Takes over PROCESSING jobs whose lease ran out (skipping rows another recoverer holds): their
   * request may have left, so they become UNCONFIRMED (`LEASE_EXPIRED`), unless their provider is
   * idempotent and they go back to RETRY. A lease loss is not the provider's failure, so a RETRY
   * gets one more attempt in its budget rather than a smaller attempt number, which keeps every
   * claim's fence unique. Writes and returns the events to publish.
   */
  recoverExpiredLeases(request: LeaseRecoveryRequest): Promise<DomainEvent[]>;
  /**
   * Gives back claimed attempts whose holder never started their request (a claim that raced with
   * shutdown): RETRY due now, fenced. The holder's word is what makes this safe.
   */
  releaseUnsent(fences: readonly JobFence[], now: Date, actor: string): Promise<DomainEvent[]>;
  /** Every job of the selection, oldest first; `forUpdate` locks them for a unit of work. */
  findAll(selection: JobSelection, options?: { forUpdate?: boolean }): Promise<MessageExecutionJob[]>;
  /** Persists a job changed by an operator action (inside a unit of work). */
  save(job: MessageExecutionJob): Promise<void>;
}
