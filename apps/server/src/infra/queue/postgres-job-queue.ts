import type {
  ClaimedJob,
  ClaimRequest,
  CompletionBatch,
  CompletionResult,
  JobQueue,
  LeaseRecoveryRequest,
  MissingJobsRequest,
} from "../../application/ports/job-queue";
import type { JobFence } from "../../domain/job/job-fence";
import type { MessageExecutionJob } from "../../domain/job/message-execution-job";
import type { DomainEvent } from "../../domain/timeline/domain-event";
import type { Db } from "../database/database";
import { claimRunnableJobs } from "../database/sql/claim-runnable-jobs.sql";
import { completeJobs } from "../database/sql/complete-jobs.sql";
import { createMissingJobs } from "../database/sql/create-missing-jobs.sql";
import { extendLeases } from "../database/sql/extend-leases.sql";
import { recoverExpiredLeases } from "../database/sql/recover-expired-leases.sql";
import { releaseUnsentJobs } from "../database/sql/release-unsent-jobs.sql";

/** The job queue on PostgreSQL or PGlite: each method is one statement module of `sql/`. */
export class PostgresJobQueue implements JobQueue {
  constructor(private readonly db: Db) {}

  claim(request: ClaimRequest): Promise<ClaimedJob[]> {
    return claimRunnableJobs(this.db, request);
  }

  complete(batch: CompletionBatch): Promise<CompletionResult> {
    return completeJobs(this.db, batch);
  }

  extendLeases(fences: readonly JobFence[], leaseMs: number): Promise<string[]> {
    return extendLeases(this.db, fences, leaseMs);
  }

  recoverExpired(request: LeaseRecoveryRequest): Promise<DomainEvent[]> {
    return recoverExpiredLeases(this.db, request);
  }

  releaseUnsent(fences: readonly JobFence[], actor: string): Promise<DomainEvent[]> {
    return releaseUnsentJobs(this.db, fences, actor);
  }

  createMissing(request: MissingJobsRequest): Promise<MessageExecutionJob[]> {
    return createMissingJobs(this.db, request);
  }
}
