import { and, asc, eq, inArray, or, type SQL } from "drizzle-orm";
import type { JobError } from "../../../domain/job/job-error";
import type { JobFence } from "../../../domain/job/job-fence";
import type { MessageExecutionJob } from "../../../domain/job/message-execution-job";
import type {
  CandidateAttempt,
  ClaimedJob,
  ClaimRequest,
  ConfirmationCandidatesRequest,
  JobListFilter,
  JobSelection,
  LeaseRecoveryRequest,
  MessageExecutionJobRepository,
  MissingJobsRequest,
} from "../../../domain/job/message-execution-job-repository";
import type { Page } from "../../../domain/shared/page";
import type {
  DomainEvent,
  ExecutionJobCreated,
  MessageConfirmedByGateway,
  MessageFailed,
  MessageSent,
  MessageUnconfirmed,
} from "../../../domain/timeline/domain-event";
import { CoalescingWriter } from "../coalescing-writer";
import type { Db } from "../database";
import { jobFromRow, jobToRow } from "../mappers/job-row";
import { afterCursor, createdWithin, newestFirst } from "../pagination/keyset";
import { fetchSize, pageOf } from "../pagination/page-of";
import { messageIntentTable as intent, messageExecutionJobTable as job } from "../schema";
import { claimRunnableJobs } from "../sql/claim-runnable-jobs.sql";
import { confirmJobSent } from "../sql/confirm-job-sent.sql";
import { createMissingJobs } from "../sql/create-missing-jobs.sql";
import { extendLeases } from "../sql/extend-leases.sql";
import { insertJobIfAbsent } from "../sql/insert-job-if-absent.sql";
import { listConfirmationCandidates } from "../sql/list-confirmation-candidates.sql";
import { markJobFailed } from "../sql/mark-job-failed.sql";
import { markJobRetry } from "../sql/mark-job-retry.sql";
import { markJobUnconfirmed } from "../sql/mark-job-unconfirmed.sql";
import { markJobsSent, type SentOutcome } from "../sql/mark-jobs-sent.sql";
import { recoverExpiredLeases } from "../sql/recover-expired-leases.sql";
import { releaseUnsentJobs } from "../sql/release-unsent-jobs.sql";
import { isUuid } from "../uuid";
import { containsIgnoringCase } from "./list-conditions";

export class PostgresMessageExecutionJobRepository implements MessageExecutionJobRepository {
  /** SENT is the hot path: outcomes finishing together are written in one statement. */
  private readonly sentWriter: CoalescingWriter<SentOutcome, boolean>;

  constructor(private readonly db: Db) {
    this.sentWriter = new CoalescingWriter(async (outcomes) => {
      const finished = new Set((await markJobsSent(this.db, outcomes)).map(fenceKey));
      // The same attempt twice in one batch: only the first is told it applied, as when written one by one.
      return (outcome) => finished.delete(fenceKey(outcome.fence));
    });
  }

  async createIfNotExists(
    entity: MessageExecutionJob,
    event: ExecutionJobCreated,
  ): Promise<{ job: MessageExecutionJob; created: boolean }> {
    const inserted = await insertJobIfAbsent(this.db, entity, event);
    if (inserted) return { job: inserted, created: true };
    // The conflicting row is committed by now (ON CONFLICT waited for it), so this read sees it.
    const existing = await this.findByIntentId(entity.toProps().intentId);
    if (!existing)
      throw new Error(`job for intent ${entity.toProps().intentId} conflicted but cannot be read`);
    return { job: existing, created: false };
  }

  createMissingForApproved(request: MissingJobsRequest): Promise<MessageExecutionJob[]> {
    return createMissingJobs(this.db, request);
  }

  async findById(id: string, options: { forUpdate?: boolean } = {}): Promise<MessageExecutionJob | null> {
    if (!isUuid(id)) return null;
    const query = this.db.select().from(job).where(eq(job.id, id));
    const [row] = options.forUpdate ? await query.for("update") : await query;
    return row ? jobFromRow(row) : null;
  }

  async findByIntentId(intentId: string): Promise<MessageExecutionJob | null> {
    if (!isUuid(intentId)) return null;
    const [row] = await this.db.select().from(job).where(eq(job.intentId, intentId));
    return row ? jobFromRow(row) : null;
  }

  async list(filter: JobListFilter): Promise<Page<MessageExecutionJob>> {
    const rows = await this.db
      .select()
      .from(job)
      .where(
        and(
          filter.organizationId ? eq(job.organizationId, filter.organizationId) : undefined,
          filter.status ? eq(job.status, filter.status) : undefined,
          filter.instanceId ? eq(job.instanceId, filter.instanceId) : undefined,
          createdWithin(job, filter),
          filter.purpose ? this.intentMatches(eq(intent.purpose, filter.purpose)) : undefined,
          filter.search ? searchJobs(filter.search) : undefined,
          afterCursor(job, filter.cursor),
        ),
      )
      .orderBy(...newestFirst(job))
      .limit(fetchSize(filter.limit));
    const page = pageOf(rows, filter.limit);
    return { items: page.items.map(jobFromRow), nextCursor: page.nextCursor };
  }

  /** The purpose lives on the intent: the job's intent must match. */
  private intentMatches(condition: SQL): SQL {
    return inArray(job.intentId, this.db.select({ id: intent.id }).from(intent).where(condition));
  }

  tryClaim(request: ClaimRequest): Promise<ClaimedJob[]> {
    return claimRunnableJobs(this.db, request);
  }

  markSent(fence: JobFence, providerMessageId: string, event: MessageSent): Promise<boolean> {
    return this.sentWriter.write({ fence, providerMessageId, event });
  }

  markRetry(fence: JobFence, error: JobError, nextAttemptAt: Date, event: MessageFailed): Promise<boolean> {
    return markJobRetry(this.db, fence, error, nextAttemptAt, event);
  }

  markFailed(fence: JobFence, error: JobError, event: MessageFailed): Promise<boolean> {
    return markJobFailed(this.db, fence, error, event);
  }

  markUnconfirmed(fence: JobFence, error: JobError, event: MessageUnconfirmed): Promise<boolean> {
    return markJobUnconfirmed(this.db, fence, error, event);
  }

  async findByProviderMessageId(providerMessageId: string): Promise<MessageExecutionJob | null> {
    const [row] = await this.db
      .select()
      .from(job)
      .where(eq(job.providerMessageId, providerMessageId))
      .limit(1);
    return row ? jobFromRow(row) : null;
  }

  listConfirmationCandidates(request: ConfirmationCandidatesRequest): Promise<CandidateAttempt[]> {
    return listConfirmationCandidates(this.db, request);
  }

  confirmSent(
    jobId: string,
    attempt: number,
    providerMessageId: string,
    event: MessageConfirmedByGateway,
  ): Promise<boolean> {
    if (!isUuid(jobId)) return Promise.resolve(false);
    return confirmJobSent(this.db, jobId, attempt, providerMessageId, event);
  }

  extendLeases(fences: readonly JobFence[], until: Date): Promise<string[]> {
    return extendLeases(this.db, fences, until);
  }

  recoverExpiredLeases(request: LeaseRecoveryRequest): Promise<DomainEvent[]> {
    return recoverExpiredLeases(this.db, request);
  }

  releaseUnsent(fences: readonly JobFence[], now: Date, actor: string): Promise<DomainEvent[]> {
    return releaseUnsentJobs(this.db, fences, now, actor);
  }

  async findAll(
    selection: JobSelection,
    options: { forUpdate?: boolean } = {},
  ): Promise<MessageExecutionJob[]> {
    if (selection.instanceId !== undefined && !isUuid(selection.instanceId)) return [];
    const query = this.db
      .select()
      .from(job)
      .where(
        and(
          eq(job.organizationId, selection.organizationId),
          eq(job.status, selection.status),
          selection.instanceId ? eq(job.instanceId, selection.instanceId) : undefined,
          createdWithin(job, selection),
        ),
      )
      .orderBy(asc(job.createdAt), asc(job.id));
    const rows = options.forUpdate ? await query.for("update") : await query;
    return rows.map(jobFromRow);
  }

  async save(entity: MessageExecutionJob): Promise<void> {
    const { id, ...changes } = jobToRow(entity);
    await this.db.update(job).set(changes).where(eq(job.id, id));
  }
}

function fenceKey(fence: JobFence): string {
  return `${fence.jobId}:${fence.attempt}:${fence.lockedBy}`;
}

function searchJobs(search: string): SQL | undefined {
  return isUuid(search)
    ? or(eq(job.id, search), eq(job.intentId, search))
    : containsIgnoringCase(job.recipient, search);
}
