import { MessageIntent } from "../../domain/intent/message-intent";
import { UNFINISHED_STATUSES } from "../../domain/job/execution-status";
import { type JobError, LEASE_EXPIRED_AFTER_CLAIM, RELEASED } from "../../domain/job/job-error";
import type { JobFence } from "../../domain/job/job-fence";
import { MessageExecutionJob, type MessageExecutionJobProps } from "../../domain/job/message-execution-job";
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
} from "../../domain/job/message-execution-job-repository";
import type { Page } from "../../domain/shared/page";
import type {
  DomainEvent,
  ExecutionJobCreated,
  MessageConfirmedByGateway,
  MessageFailed,
  MessageSent,
  MessageUnconfirmed,
} from "../../domain/timeline/domain-event";
import { requireInstance, requireIntent } from "./foreign-keys";
import type { InMemoryState } from "./in-memory-state";
import type { StoreAccess } from "./in-memory-store";
import { matchesSearch } from "./list-search";
import { isCreatedWithin, pageNewestFirst } from "./newest-first";
import { appendTimeline } from "./timeline-rows";

/** Applies an outcome to copies of the job and its intent; false when the fence no longer holds. */
type Outcome = (job: MessageExecutionJob, intent: MessageIntent) => boolean;

/**
 * Outcomes go through the entities' own methods, so the domain alone decides what a fenced
 * finish changes; this class only makes each one atomic (one store operation) with its event.
 */
export class InMemoryMessageExecutionJobRepository implements MessageExecutionJobRepository {
  constructor(private readonly access: StoreAccess) {}

  insertMany(jobs: readonly MessageExecutionJob[]): Promise<void> {
    return this.access((state) => {
      for (const job of jobs) {
        const props = job.toProps();
        if (state.jobs.has(props.id) || findByIntent(state, props.intentId)) {
          throw new Error(`duplicate key: message execution job ${props.id}`);
        }
        requireIntent(state, props.intentId);
        requireInstance(state, props.instanceId);
        state.jobs.set(props.id, structuredClone(props));
      }
    });
  }

  createIfNotExists(
    job: MessageExecutionJob,
    event: ExecutionJobCreated,
  ): Promise<{ job: MessageExecutionJob; created: boolean }> {
    return this.access((state) => {
      const props = job.toProps();
      const existing = findByIntent(state, props.intentId);
      if (existing) return { job: jobOf(existing), created: false };
      if (state.jobs.has(props.id)) throw new Error(`duplicate key: message execution job ${props.id}`);
      requireIntent(state, props.intentId);
      requireInstance(state, props.instanceId);
      state.jobs.set(props.id, structuredClone(props));
      appendTimeline(state, [event]);
      return { job: jobOf(props), created: true };
    });
  }

  createMissingForApproved(request: MissingJobsRequest): Promise<MessageExecutionJob[]> {
    return this.access((state) => {
      const withJob = new Set([...state.jobs.values()].map((job) => job.intentId));
      const missing = [...state.intents.values()]
        .filter((intent) => intent.status === "APPROVED" && !withJob.has(intent.id))
        .flatMap((intent) => {
          const instance = state.instances.get(intent.decidedByInstanceId ?? "");
          return instance ? [{ intent, provider: instance.provider }] : [];
        })
        .sort(
          (a, b) =>
            a.intent.createdAt.getTime() - b.intent.createdAt.getTime() ||
            compareIds(a.intent.id, b.intent.id),
        )
        .slice(0, Math.max(0, request.limit));
      return missing.map(({ intent, provider }) => {
        const { job, event } = MessageExecutionJob.create({
          id: request.newId(),
          intent: MessageIntent.fromProps(structuredClone(intent)),
          provider,
          maxAttempts: request.maxAttempts,
          now: request.now,
        });
        state.jobs.set(job.id, structuredClone(job.toProps()));
        appendTimeline(state, [event]);
        return job;
      });
    });
  }

  // Units of work already run alone here, so a row lock would add nothing.
  findById(id: string, _options?: { forUpdate?: boolean }): Promise<MessageExecutionJob | null> {
    return this.access((state) => {
      const props = state.jobs.get(id);
      return props ? jobOf(props) : null;
    });
  }

  findByIntentId(intentId: string): Promise<MessageExecutionJob | null> {
    return this.access((state) => {
      const props = findByIntent(state, intentId);
      return props ? jobOf(props) : null;
    });
  }

  listRunnable(limit: number, now: Date): Promise<MessageExecutionJob[]> {
    return this.access((state) => dueJobs(state, now, limit).map(jobOf));
  }

  list(filter: JobListFilter): Promise<Page<MessageExecutionJob>> {
    return this.access((state) => {
      const rows = [...state.jobs.values()].filter(
        (job) =>
          (!filter.organizationId || job.organizationId === filter.organizationId) &&
          (!filter.status || job.status === filter.status) &&
          (!filter.instanceId || job.instanceId === filter.instanceId) &&
          (!filter.purpose || state.intents.get(job.intentId)?.purpose === filter.purpose) &&
          isCreatedWithin(job, filter) &&
          matchesSearch(filter.search, [job.id, job.intentId], job.recipient),
      );
      const page = pageNewestFirst(rows, filter);
      return { items: page.items.map(jobOf), nextCursor: page.nextCursor };
    });
  }

  tryClaim(request: ClaimRequest): Promise<ClaimedJob[]> {
    return this.access((state) => {
      const leaseUntil = new Date(request.now.getTime() + request.leaseMs);
      return claimableJobs(state, request).map((props) => {
        const job = jobOf(props);
        job.claim(request.workerId, leaseUntil, request.now);
        const claimed = job.toProps();
        state.jobs.set(claimed.id, structuredClone(claimed));
        return {
          job: claimed,
          intent: structuredClone(requireRow(state.intents.get(claimed.intentId), claimed.intentId)),
          instanceName: requireRow(state.instances.get(claimed.instanceId), claimed.instanceId).name,
        };
      });
    });
  }

  markSent(fence: JobFence, providerMessageId: string, event: MessageSent): Promise<boolean> {
    const at = event.occurredAt;
    return this.finish(fence, event, (job, intent) => {
      if (!job.succeed(fence, providerMessageId, at)) return false;
      whileApproved(intent, () => intent.markSent(at));
      return true;
    });
  }

  markRetry(fence: JobFence, error: JobError, nextAttemptAt: Date, event: MessageFailed): Promise<boolean> {
    return this.finish(fence, event, (job) =>
      job.scheduleRetry(fence, error, nextAttemptAt, event.occurredAt),
    );
  }

  markFailed(fence: JobFence, error: JobError, event: MessageFailed): Promise<boolean> {
    const at = event.occurredAt;
    return this.finish(fence, event, (job, intent) => {
      if (!job.fail(fence, error, at)) return false;
      whileApproved(intent, () => intent.markFailed(at));
      return true;
    });
  }

  markUnconfirmed(fence: JobFence, error: JobError, event: MessageUnconfirmed): Promise<boolean> {
    return this.finish(fence, event, (job) => job.markUnconfirmed(fence, error, event.occurredAt));
  }

  findByProviderMessageId(providerMessageId: string): Promise<MessageExecutionJob | null> {
    return this.access((state) => {
      for (const props of state.jobs.values())
        if (props.providerMessageId === providerMessageId) return jobOf(props);
      return null;
    });
  }

  listConfirmationCandidates(request: ConfirmationCandidatesRequest): Promise<CandidateAttempt[]> {
    return this.access((state) =>
      [...state.jobs.values()]
        .filter(
          (props) =>
            props.instanceId === request.instanceId &&
            (props.status === "UNCONFIRMED" || props.status === "PROCESSING") &&
            props.dispatchedAt !== null &&
            props.dispatchedAt.getTime() >= request.dispatchedFrom.getTime() &&
            props.dispatchedAt.getTime() <= request.dispatchedTo.getTime(),
        )
        .sort(
          (a, b) =>
            (a.dispatchedAt?.getTime() ?? 0) - (b.dispatchedAt?.getTime() ?? 0) || compareIds(a.id, b.id),
        )
        .slice(0, Math.max(0, request.limit))
        .map((props) => ({
          job: structuredClone(props),
          intent: structuredClone(requireRow(state.intents.get(props.intentId), props.intentId)),
        })),
    );
  }

  confirmSent(
    jobId: string,
    attempt: number,
    providerMessageId: string,
    event: MessageConfirmedByGateway,
  ): Promise<boolean> {
    const at = event.occurredAt;
    return this.access((state) => {
      const props = state.jobs.get(jobId);
      if (!props) return false;
      const job = jobOf(props);
      if (!job.confirmFromGateway(attempt, providerMessageId, at)) return false;
      const intent = MessageIntent.fromProps(
        structuredClone(requireRow(state.intents.get(props.intentId), props.intentId)),
      );
      whileApproved(intent, () => intent.markSent(at));
      state.jobs.set(job.id, job.toProps());
      state.intents.set(intent.id, intent.toProps());
      appendTimeline(state, [event]);
      return true;
    });
  }

  extendLeases(fences: readonly JobFence[], until: Date): Promise<string[]> {
    return this.access((state) =>
      fences.flatMap((fence) => {
        const props = state.jobs.get(fence.jobId);
        if (!props) return [];
        const job = jobOf(props);
        if (!job.extendLease(fence, until)) return [];
        state.jobs.set(job.id, job.toProps());
        return [job.id];
      }),
    );
  }

  recoverExpiredLeases(request: LeaseRecoveryRequest): Promise<DomainEvent[]> {
    return this.access((state) => {
      const expired = [...state.jobs.values()]
        .filter((props) => jobOf(props).leaseExpired(request.now))
        .sort((a, b) => (a.lockedUntil?.getTime() ?? 0) - (b.lockedUntil?.getTime() ?? 0))
        .slice(0, Math.max(0, request.limit));
      return expired.map((props) => {
        const retry = request.idempotentProviders.includes(props.provider);
        return takeBack(state, props, LEASE_EXPIRED_AFTER_CLAIM, retry, request.now, request.actor);
      });
    });
  }

  releaseUnsent(fences: readonly JobFence[], now: Date, actor: string): Promise<DomainEvent[]> {
    return this.access((state) =>
      fences.flatMap((fence) => {
        const props = state.jobs.get(fence.jobId);
        if (!props || !jobOf(props).holds(fence)) return [];
        return [takeBack(state, props, RELEASED, true, now, actor)];
      }),
    );
  }

  findAll(selection: JobSelection, _options?: { forUpdate?: boolean }): Promise<MessageExecutionJob[]> {
    return this.access((state) =>
      [...state.jobs.values()]
        .filter(
          (job) =>
            job.organizationId === selection.organizationId &&
            job.status === selection.status &&
            (!selection.instanceId || job.instanceId === selection.instanceId) &&
            isCreatedWithin(job, selection),
        )
        .sort(creationOrder)
        .map(jobOf),
    );
  }

  save(job: MessageExecutionJob): Promise<void> {
    return this.access((state) => {
      const props = job.toProps();
      // Like an UPDATE: saving a row that does not exist changes nothing.
      if (state.jobs.has(props.id)) state.jobs.set(props.id, structuredClone(props));
    });
  }

  /** Works on copies and stores them only if the outcome applied: a refused fence writes nothing. */
  private finish(fence: JobFence, event: DomainEvent, outcome: Outcome): Promise<boolean> {
    return this.access((state) => {
      const props = state.jobs.get(fence.jobId);
      if (!props) return false;
      const job = jobOf(props);
      const intent = MessageIntent.fromProps(
        structuredClone(requireRow(state.intents.get(props.intentId), props.intentId)),
      );
      if (!outcome(job, intent)) return false;
      state.jobs.set(job.id, job.toProps());
      state.intents.set(intent.id, intent.toProps());
      appendTimeline(state, [event]);
      return true;
    });
  }
}

function jobOf(props: MessageExecutionJobProps): MessageExecutionJob {
  return MessageExecutionJob.fromProps(structuredClone(props));
}

function findByIntent(state: InMemoryState, intentId: string): MessageExecutionJobProps | undefined {
  for (const job of state.jobs.values()) if (job.intentId === intentId) return job;
  return undefined;
}

/** Due runnable jobs, oldest due first, as the claim scans them. */
function dueJobs(
  state: InMemoryState,
  now: Date,
  limit: number,
  among?: readonly string[],
): MessageExecutionJobProps[] {
  return [...state.jobs.values()]
    .filter((props) => jobOf(props).isClaimable(now) && (!among || among.includes(props.id)))
    .sort(
      (a, b) =>
        a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
        a.createdAt.getTime() - b.createdAt.getTime(),
    )
    .slice(0, Math.max(0, limit));
}

const UNFINISHED: readonly string[] = UNFINISHED_STATUSES;

function takeBack(
  state: InMemoryState,
  props: MessageExecutionJobProps,
  error: JobError,
  retry: boolean,
  now: Date,
  actor: string,
): DomainEvent {
  const job = jobOf(props);
  const event = job.takeBack(error, retry, now, actor);
  state.jobs.set(job.id, job.toProps());
  appendTimeline(state, [event]);
  return event;
}

/** What the claim statement takes: due, unpaused, first in line for its recipient, within the instance's room. */
function claimableJobs(state: InMemoryState, request: ClaimRequest): MessageExecutionJobProps[] {
  const perInstance = request.perInstanceLimit ?? 0;
  const room = new Map<string, number>();
  if (perInstance > 0) {
    for (const instanceId of state.instances.keys()) room.set(instanceId, perInstance);
    for (const job of state.jobs.values())
      if (job.status === "PROCESSING") room.set(job.instanceId, (room.get(job.instanceId) ?? 0) - 1);
  }
  const eligible = dueJobs(state, request.now, Number.POSITIVE_INFINITY, request.jobIds).filter(
    (job) =>
      !state.instances.get(job.instanceId)?.paused &&
      !state.organizationPauses.has(job.organizationId) &&
      !hasEarlierUnfinished(state, job),
  );
  const taken: MessageExecutionJobProps[] = [];
  for (const job of eligible) {
    if (taken.length >= request.limit) break;
    if (perInstance > 0) {
      const free = room.get(job.instanceId) ?? 0;
      if (free <= 0) continue;
      room.set(job.instanceId, free - 1);
    }
    taken.push(job);
  }
  return taken;
}

function hasEarlierUnfinished(state: InMemoryState, job: MessageExecutionJobProps): boolean {
  for (const other of state.jobs.values()) {
    if (
      other.instanceId === job.instanceId &&
      other.recipient === job.recipient &&
      UNFINISHED.includes(other.status) &&
      creationOrder(other, job) < 0
    )
      return true;
  }
  return false;
}

/** (created_at, id), as the SQL compares them. */
function creationOrder(a: MessageExecutionJobProps, b: MessageExecutionJobProps): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id);
}

/**
 * An intent that is no longer APPROVED (an operator dropped it mid-send) keeps its status, as the
 * SQL outcome statements do; the job still records what happened.
 */
function whileApproved(intent: MessageIntent, move: () => void): void {
  if (intent.status === "APPROVED") move();
}

function requireRow<T>(row: T | undefined, id: string): T {
  if (row === undefined) throw new Error(`missing row ${id}: a job references it`);
  return row;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
