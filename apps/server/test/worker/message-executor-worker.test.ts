import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ClaimedJob, CompletionBatch, JobQueue } from "../../src/application/ports/job-queue";
import type { AttemptClaimedJobUseCase } from "../../src/application/use-cases/attempt-claimed-job";
import type { CheckRecipientUseCase } from "../../src/application/use-cases/check-recipient";
import type { ShowTypingUseCase } from "../../src/application/use-cases/show-typing";
import { fenceOfClaim } from "../../src/domain/job/job-fence";
import type { DomainEvent } from "../../src/domain/timeline/domain-event";
import { createPersistence } from "../../src/infra/database/persistence";
import { InProcessEventBus } from "../../src/infra/events/in-process-event-bus";
import { JobCompleter } from "../../src/infra/queue/job-completer";
import { NO_TRACING } from "../../src/infra/tracing/tracing";
import { LeaseHeartbeat } from "../../src/infra/worker/lease-heartbeat";
import { MessageExecutorWorker } from "../../src/infra/worker/message-executor-worker";
import { aJobFor, anApprovedIntent, anInstance } from "../support/fixtures";
import { useInMemoryDatabase } from "../support/use-in-memory-database";

const freshDatabase = useInMemoryDatabase();

describe("MessageExecutorWorker", () => {
  it("gives back at once a claim that raced with stop(): its request never left, so it is runnable again", async () => {
    const { repos, queue } = createPersistence(await freshDatabase());
    const instance = anInstance();
    const intent = anApprovedIntent(instance);
    const { job, event } = aJobFor(intent, instance, { maxAttempts: 3 });
    await repos.instances.insert(instance);
    await repos.intents.insert(intent);
    await repos.jobs.createIfNotExists(job, event);

    const published: DomainEvent[] = [];
    const bus = new InProcessEventBus(() => {});
    bus.subscribe((e) => published.push(e));
    // The worker hands each claim to attempt(), the only way to the gateway: counting its calls counts requests.
    let attempts = 0;
    const attempt = {
      attempt: async () => {
        attempts += 1;
        throw new Error("no gateway in this test");
      },
    } as unknown as AttemptClaimedJobUseCase;
    let worker: MessageExecutorWorker | null = null;
    // SIGTERM lands while the claim statement runs.
    const racingQueue: JobQueue = Object.create(queue);
    racingQueue.claim = async (request) => {
      const claimed = await queue.claim(request);
      void worker?.stop(1_000);
      return claimed;
    };
    worker = workerOn(racingQueue, attempt, bus, { concurrency: 5, perInstanceConcurrency: 1 });

    expect(await worker.runOnce()).toBe(0);
    expect(attempts).toBe(0);
    const released = (await repos.jobs.findById(job.id))?.toProps();
    expect(released).toMatchObject({
      status: "RETRY",
      attempts: 1,
      maxAttempts: 3,
      lockedBy: null,
      dispatchedAt: null,
      lastError: { code: "RELEASED" },
    });
    // Due at once, on the database's clock.
    expect(released?.nextAttemptAt).toEqual(released?.updatedAt);
    expect(published).toEqual([
      expect.objectContaining({ type: "MessageFailed", jobId: job.id, willRetry: true, actor: "worker:w-1" }),
    ]);
    expect((await repos.timeline.listForIntent(intent.id)).at(-1)?.event).toEqual(published[0]);
  });

  it("ends a pass once its claims hold their slots: the next claim need not wait for their dispatch mark, and no request leaves before it", async () => {
    const { repos, queue } = createPersistence(await freshDatabase());
    const instance = anInstance();
    await repos.instances.insert(instance);
    for (const phone of ["5511900000001", "5511900000002", "5511900000003"]) {
      const intent = anApprovedIntent(instance, undefined, phone);
      const { job, event } = aJobFor(intent, instance);
      await repos.intents.insert(intent);
      await repos.jobs.createIfNotExists(job, event);
    }
    // The dispatch marks' write is held until the test lets it through.
    let letMarksThrough = () => {};
    const marksHeld = new Promise<void>((resolve) => (letMarksThrough = resolve));
    const slowMarks: JobQueue = Object.create(queue);
    slowMarks.complete = async (batch: CompletionBatch) => {
      if (batch.dispatches.length > 0) await marksHeld;
      return queue.complete(batch);
    };
    const attempted: string[] = [];
    const attempt = {
      dispatchOf: (claimed: ClaimedJob) => fenceOfClaim(claimed.job),
      attempt: async (claimed: ClaimedJob) => {
        attempted.push(claimed.job.id);
        throw new Error("no gateway in this test");
      },
    } as unknown as AttemptClaimedJobUseCase;
    const worker = workerOn(slowMarks, attempt, new InProcessEventBus(() => {}), {
      concurrency: 2,
      perInstanceConcurrency: 0,
    });

    expect(await worker.runOnce()).toBe(2);
    // Both claims hold their slots while their mark is unwritten: nothing left to claim into.
    expect(await worker.runOnce()).toBe(0);
    expect(attempted).toEqual([]);
    letMarksThrough();
    await worker.idle();
    expect(attempted).toHaveLength(2);
    // The slots came back once the requests were answered.
    expect(await worker.runOnce()).toBe(1);
    await worker.idle();
    expect(attempted).toHaveLength(3);
  });
});

function workerOn(
  queue: JobQueue,
  attempt: AttemptClaimedJobUseCase,
  bus: InProcessEventBus,
  options: { concurrency: number; perInstanceConcurrency: number },
): MessageExecutorWorker {
  const logger = pino({ level: "silent" });
  return new MessageExecutorWorker(
    {
      queue,
      attempt,
      typing: { planFor: () => null } as unknown as ShowTypingUseCase,
      recipients: { appliesTo: () => false } as unknown as CheckRecipientUseCase,
      completer: new JobCompleter(
        queue,
        bus,
        { allowance: options.concurrency, onWritten: () => {} },
        NO_TRACING,
      ),
      heartbeat: new LeaseHeartbeat(queue, logger, { intervalMs: 10_000, leaseMs: 30_000 }),
      bus,
      logger,
      tracing: NO_TRACING,
    },
    { workerId: "w-1", ...options, pollIntervalMs: 1_000, leaseMs: 30_000 },
  );
}
