import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { MessageExecutionJob } from "../../../domain/job/message-execution-job";
import type {
  CandidateAttempt,
  ConfirmationCandidatesRequest,
  JobListFilter,
  JobSelection,
  MessageExecutionJobRepository,
} from "../../../domain/job/message-execution-job-repository";
import type { Page } from "../../../domain/shared/page";
import type { ExecutionJobCreated, MessageConfirmedByGateway } from "../../../domain/timeline/domain-event";
import type { Db } from "../database";
import { jobFromRow, jobToRow } from "../mappers/job-row";
import { countAtMost } from "../pagination/count-at-most";
import { afterCursor, createdWithin, newestFirst } from "../pagination/keyset";
import { fetchSize, pageOf } from "../pagination/page-of";
import { messageIntentTable as intent, messageExecutionJobTable as job } from "../schema";
import { confirmJobSent } from "../sql/confirm-job-sent.sql";
import { insertJobIfAbsent } from "../sql/insert-job-if-absent.sql";
import { insertRows } from "../sql/insert-rows.sql";
import { listConfirmationCandidates } from "../sql/list-confirmation-candidates.sql";
import { isUuid } from "../uuid";
import { deliveryCondition } from "./delivery-condition";
import { matchesSearch } from "./list-conditions";

export class PostgresMessageExecutionJobRepository implements MessageExecutionJobRepository {
  constructor(private readonly db: Db) {}

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

  async insertMany(entities: readonly MessageExecutionJob[]): Promise<void> {
    await insertRows(this.db, job, entities.map(jobToRow));
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
    const onIntent = and(
      filter.purpose ? eq(intent.purpose, filter.purpose) : undefined,
      deliveryCondition(filter),
    );
    const matching = and(
      filter.organizationId ? eq(job.organizationId, filter.organizationId) : undefined,
      filter.status ? eq(job.status, filter.status) : undefined,
      filter.instanceId ? eq(job.instanceId, filter.instanceId) : undefined,
      createdWithin(job, filter),
      onIntent ? this.intentMatches(onIntent) : undefined,
      filter.search ? matchesSearch(filter.search, [job.id, job.intentId], job.recipient) : undefined,
    );
    const rows = await this.db
      .select()
      .from(job)
      .where(and(matching, afterCursor(job, filter.cursor)))
      .orderBy(...newestFirst(job))
      .limit(fetchSize(filter.limit));
    return pageOf(rows, filter.limit, await countAtMost(this.db, job, matching), jobFromRow);
  }

  /** Purpose and receipts live on the intent: the job's intent must match. */
  private intentMatches(condition: SQL): SQL {
    return inArray(job.intentId, this.db.select({ id: intent.id }).from(intent).where(condition));
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
