import pino from "pino";
import { describe, expect, it } from "vitest";
import type { JobQueue } from "../../src/application/ports/job-queue";
import type { AttemptClaimedJobUseCase } from "../../src/application/use-cases/attempt-claimed-job";
import type { CheckRecipientUseCase } from "../../src/application/use-cases/check-recipient";
import type { ShowTypingUseCase } from "../../src/application/use-cases/show-typing";
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
    const logger = pino({ level: "silent" });
    worker = new MessageExecutorWorker(
      {
        queue: racingQueue,
        attempt,
        typing: { planFor: () => null } as unknown as ShowTypingUseCase,
        recipients: { appliesTo: () => false } as unknown as CheckRecipientUseCase,
        completer: new JobCompleter(queue, bus, { allowance: 5, onWritten: () => {} }, NO_TRACING),
        heartbeat: new LeaseHeartbeat(queue, logger, { intervalMs: 10_000, leaseMs: 30_000 }),
        bus,
        logger,
        tracing: NO_TRACING,
      },
      { workerId: "w-1", concurrency: 5, perInstanceConcurrency: 1, pollIntervalMs: 1_000, leaseMs: 30_000 },
    );

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
});
