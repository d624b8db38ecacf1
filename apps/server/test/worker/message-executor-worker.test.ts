import { randomUUID } from "node:crypto";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { ExecuteMessageIntentUseCase } from "../../src/application/use-cases/execute-message-intent";
import type { MessageExecutionJobRepository } from "../../src/domain/job/message-execution-job-repository";
import type { DomainEvent } from "../../src/domain/timeline/domain-event";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { InProcessEventBus } from "../../src/infra/events/in-process-event-bus";
import { MessageExecutorWorker } from "../../src/infra/worker/message-executor-worker";
import { aJobFor, anApprovedIntent, anInstance, at } from "../support/fixtures";
import { useInMemoryDatabase } from "../support/use-in-memory-database";

const freshDatabase = useInMemoryDatabase();

describe("MessageExecutorWorker", () => {
  it("gives back at once a claim that raced with stop(): its request never left, so it is runnable again", async () => {
    const repos = createPostgresRepositories((await freshDatabase()).db);
    const instance = anInstance();
    const intent = anApprovedIntent(instance);
    const { job, event } = aJobFor(intent, instance, { maxAttempts: 3 });
    await repos.instances.insert(instance);
    await repos.intents.insert(intent);
    await repos.jobs.createIfNotExists(job, event);

    const published: DomainEvent[] = [];
    const bus = new InProcessEventBus(() => {});
    bus.subscribe((e) => published.push(e));
    // The worker hands each claim to send(), the only way to the gateway: counting its calls counts requests.
    let sends = 0;
    const send: ExecuteMessageIntentUseCase["send"] = async () => {
      sends += 1;
      throw new Error("no gateway in this test");
    };
    const execute = { send } as unknown as ExecuteMessageIntentUseCase;
    let worker: MessageExecutorWorker | null = null;
    // SIGTERM lands while the claim statement runs.
    const jobs: MessageExecutionJobRepository = Object.create(repos.jobs);
    jobs.tryClaim = async (request) => {
      const claimed = await repos.jobs.tryClaim(request);
      void worker?.stop(1_000);
      return claimed;
    };
    worker = new MessageExecutorWorker(
      {
        jobs,
        execute,
        bus,
        clock: { now: () => at(1) },
        newId: randomUUID,
        logger: pino({ level: "silent" }),
      },
      {
        workerId: "w-1",
        concurrency: 5,
        perInstanceConcurrency: 1,
        pollIntervalMs: 1_000,
        leaseMs: 30_000,
        heartbeatIntervalMs: 10_000,
        recoveryIntervalMs: 1_000,
        maxAttempts: 3,
        reconcileIntervalMs: 60_000,
        idempotentProviders: [],
      },
    );

    expect(await worker.runOnce()).toBe(0);
    expect(sends).toBe(0);
    expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
      status: "RETRY",
      attempts: 1,
      maxAttempts: 3,
      nextAttemptAt: at(1),
      lockedBy: null,
      lastError: { code: "RELEASED" },
    });
    expect(published).toEqual([
      expect.objectContaining({ type: "MessageFailed", jobId: job.id, willRetry: true, actor: "worker:w-1" }),
    ]);
    expect((await repos.timeline.listForIntent(intent.id)).at(-1)?.event).toEqual(published[0]);
  });
});
