import type { HoldScope } from "../../domain/instance/hold-scope";
import type { MessageIntentProps } from "../../domain/intent/message-intent";
import type { JobFence } from "../../domain/job/job-fence";
import type { MessageExecutionJob, MessageExecutionJobProps } from "../../domain/job/message-execution-job";
import type {
  DomainEvent,
  InstanceEvent,
  MessageFailed,
  MessageSent,
  MessageUnconfirmed,
} from "../../domain/timeline/domain-event";

/** A claimed job with what the send needs, so that attempting it costs no further read. */
export interface ClaimedJob {
  job: MessageExecutionJobProps;
  intent: MessageIntentProps;
  instanceName: string;
  /** The instance's `pacing.typing`: show "typing…" before this send. */
  instanceTyping: boolean;
  /** The instance's `checkRecipients`: a phone number's send waits for the gateway's word that it is on WhatsApp. */
  instanceChecksRecipients: boolean;
  /** A paced claim's gap: its number's next send is due this long after this one's answer (null: unpaced). */
  paceGapMs: number | null;
  /**
   * A paced claim taken before its number's gap ended (see PACE_LOOKAHEAD_MS): how long after the
   * claim's answer its request may leave, on the database's clock; 0 for every other claim.
   */
  sendInMs: number;
  /** A paced claim: the claim (its `locked_by`) whose answer its number's gap follows, if one did. */
  pacedBy: string | null;
}

export interface ClaimRequest {
  /**
   * The claiming worker. A claim's `locked_by`, which its fenced writes present, is this id and the
   * claim's own transaction, so it names the claim, not only the worker: a paced number's next claim
   * learns whose answer started its gap (`pacedBy`), and the worker recognises its own claims there.
   */
  workerId: string;
  limit: number;
  leaseMs: number;
  /**
   * At most this many PROCESSING jobs per instance across every worker; 0 = no limit. Whatever the
   * limit, a job waits while an earlier unfinished job to the same recipient from the same instance
   * exists, and jobs of a paused or held instance or of a paused organization are not claimed.
   */
  perInstanceLimit: number;
}

/**
 * What one attempt came to, with the event that records it. A RETRY says how long to wait, not
 * until when: the queue adds the delay to the database's clock, which every host shares.
 */
export type JobOutcome =
  | { status: "SENT"; fence: JobFence; event: MessageSent }
  | { status: "RETRY"; fence: JobFence; event: MessageFailed; retryInMs: number }
  | { status: "FAILED"; fence: JobFence; event: MessageFailed }
  /**
   * The number or gateway cannot send now: the instance (or every instance of the gateway) goes on
   * hold and the job back to RETRY with its attempt given back, due when the hold lifts.
   */
  | { status: "UNAVAILABLE"; fence: JobFence; event: MessageFailed; scope: HoldScope }
  | { status: "UNCONFIRMED"; fence: JobFence; event: MessageUnconfirmed };

export type OutcomeEvent = JobOutcome["event"];

/** A claim about to be handed to the gateway, with the message id it will send when we choose it. */
export interface Dispatch extends JobFence {
  messageId?: string;
}

export interface CompletionBatch {
  /** Claims about to be handed to the gateway; a chosen message id is stored on the job with the mark. */
  dispatches: readonly Dispatch[];
  outcomes: readonly JobOutcome[];
  /**
   * Per outcome, how many ms before this batch was written its answer reached the worker (on the
   * worker's monotonic clock; absent: 0). The database dates the answer that long before its now,
   * so a paced number's gap counts from the answer rather than from the write.
   */
  answeredMsAgo?: readonly number[];
}

export interface CompletionResult {
  /** The ids of the jobs marked dispatched: their claims still held. */
  dispatched: string[];
  /** The events of the outcomes recorded, as recorded. */
  events: OutcomeEvent[];
  /** InstanceDisconnected for each instance an UNAVAILABLE outcome newly put on hold. */
  holds: InstanceEvent[];
}

export interface LeaseRecoveryRequest {
  limit: number;
  /** Who recovers, for the timeline (`worker:<id>`). */
  actor: string;
  /** Providers that dedupe on our idempotency key: a dispatched attempt of theirs may simply be retried. */
  idempotentProviders: readonly string[];
}

export interface MissingJobsRequest {
  limit: number;
  maxAttempts: number;
}

/**
 * The worker's and maintenance's side of the job table. Every time here (due, lease, retry) is
 * the database's clock, so hosts whose clocks differ still agree on who holds what and when.
 */
export interface JobQueue {
  /**
   * One atomic statement: due runnable jobs become PROCESSING under a lease, attempts + 1, not
   * yet dispatched: no request may leave before `complete` marked the claim dispatched.
   */
  claim(request: ClaimRequest): Promise<ClaimedJob[]>;
  /**
   * One statement, each write fenced (a claim the worker no longer holds is left alone): marks
   * claims dispatched (handed to the gateway from now on) and records outcomes.
   */
  complete(batch: CompletionBatch): Promise<CompletionResult>;
  /** Heartbeat: the leases still held last `leaseMs` more, in one write; returns their job ids. */
  extendLeases(fences: readonly JobFence[], leaseMs: number): Promise<string[]>;
  /**
   * Takes over PROCESSING jobs whose lease ran out (skipping rows another rescuer holds): their
   * request may have left, so they become UNCONFIRMED (`LEASE_EXPIRED`), unless their provider is
   * idempotent and they go back to RETRY. A lease loss is not the provider's failure, so a RETRY
   * gets one more attempt in its budget rather than a smaller attempt number, which keeps every
   * claim's fence unique. Returns the events to publish.
   */
  recoverExpired(request: LeaseRecoveryRequest): Promise<DomainEvent[]>;
  /**
   * Gives back claimed attempts whose holder never started their request (a claim that raced with
   * shutdown): RETRY due now, fenced. The holder's word is what makes this safe.
   */
  releaseUnsent(fences: readonly JobFence[], actor: string): Promise<DomainEvent[]>;
  /** One job for each APPROVED intent that has none (approvals made outside the API), oldest first. */
  createMissing(request: MissingJobsRequest): Promise<MessageExecutionJob[]>;
}
