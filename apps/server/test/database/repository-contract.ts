import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { ClaimedJob, ClaimRequest, JobOutcome, JobQueue } from "../../src/application/ports/job-queue";
import type { Repositories, UnitOfWork } from "../../src/application/ports/unit-of-work";
import type { Instance } from "../../src/domain/instance/instance";
import type { MessageIntent } from "../../src/domain/intent/message-intent";
import type { IntentListFilter } from "../../src/domain/intent/message-intent-repository";
import { type JobError, LEASE_EXPIRED_BEFORE_DISPATCH } from "../../src/domain/job/job-error";
import { jobEventBase } from "../../src/domain/job/job-event-base";
import { fenceOfClaim, type JobFence } from "../../src/domain/job/job-fence";
import type { JobListFilter } from "../../src/domain/job/message-execution-job-repository";
import { DomainError } from "../../src/domain/shared/domain-error";
import type {
  DomainEvent,
  MessageConfirmedByGateway,
  MessageFailed,
  MessageSent,
  MessageUnconfirmed,
} from "../../src/domain/timeline/domain-event";
import type { Db } from "../../src/infra/database/database";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { PostgresUnitOfWork } from "../../src/infra/database/repositories/postgres-unit-of-work";
import { PostgresJobQueue } from "../../src/infra/queue/postgres-job-queue";
import {
  AN_ERROR,
  aJobFor,
  anApprovedIntent,
  anInstance,
  anIntent,
  at,
  failedEvent,
  ORG,
  sentEvent,
  T0,
  unconfirmedEvent,
} from "../support/fixtures";

const LEASE_MS = 30_000;

/**
 * The behaviour of the repositories, run on PostgreSQL and on in-memory PGlite: the same SQL on both,
 * so the fast tests' database behaves as production's does. `freshDatabase` gives each test an empty,
 * migrated database.
 */
export function describeRepositoryContract(name: string, freshDatabase: () => Promise<Db>): void {
  describe(`${name} repositories`, () => {
    let uow: UnitOfWork;
    let repos: Repositories;
    let queue: JobQueue;

    beforeEach(async () => {
      const db = await freshDatabase();
      uow = new PostgresUnitOfWork(db);
      repos = createPostgresRepositories(db);
      queue = new PostgresJobQueue(db);
    });

    /** Records one outcome through the queue; true when its fence still held. */
    async function recorded(outcome: JobOutcome): Promise<boolean> {
      return (await queue.complete({ dispatches: [], outcomes: [outcome] })).events.length === 1;
    }
    const markSent = (fence: JobFence, _providerMessageId: string, event: MessageSent) =>
      recorded({ status: "SENT", fence, event });
    const markFailed = (fence: JobFence, _error: JobError, event: MessageFailed) =>
      recorded({ status: "FAILED", fence, event });
    const markUnconfirmed = (fence: JobFence, _error: JobError, event: MessageUnconfirmed) =>
      recorded({ status: "UNCONFIRMED", fence, event });
    /** Due `retryInMs` after the database's now. */
    const markRetry = (fence: JobFence, _error: JobError, retryInMs: number, event: MessageFailed) =>
      recorded({ status: "RETRY", fence, event, retryInMs });

    async function givenInstance(overrides: Partial<Instance> = {}): Promise<Instance> {
      const instance = anInstance(overrides);
      await repos.instances.insert(instance);
      return instance;
    }

    async function givenApprovedIntent(
      instance: Instance,
      now: Date = T0,
      phone?: string,
    ): Promise<MessageIntent> {
      const intent = anApprovedIntent(instance, now, phone);
      await repos.intents.insert(intent);
      return intent;
    }

    async function givenJob(
      options: { instance?: Instance; now?: Date; maxAttempts?: number; phone?: string } = {},
    ) {
      const instance = options.instance ?? (await givenInstance());
      const intent = await givenApprovedIntent(instance, options.now, options.phone);
      const { job, event } = aJobFor(intent, instance, options);
      await repos.jobs.createIfNotExists(job, event);
      return { instance, intent, job };
    }

    /** A job claimed by `worker-1` at T0, with the fence its outcome must present. */
    async function givenClaimedJob() {
      const given = await givenJob();
      const [claimed] = await queue.claim(claimRequest({ limit: 1 }));
      if (claimed?.job.id !== given.job.id) throw new Error("the job given to the test could not be claimed");
      // As the worker does before its request leaves.
      const fence = fenceOfClaim(claimed.job);
      await queue.complete({ dispatches: [fence], outcomes: [] });
      return { ...given, claimed, fence };
    }

    /** Claims the one due job and marks it dispatched, as a worker does; returns it as read back. */
    async function claimOneDispatched(): Promise<ClaimedJob> {
      const [claimed] = await queue.claim(claimRequest({ limit: 1 }));
      if (!claimed) throw new Error("claim failed");
      await queue.complete({ dispatches: [fenceOfClaim(claimed.job)], outcomes: [] });
      const dispatchedAt = (await repos.jobs.findById(claimed.job.id))?.toProps().dispatchedAt ?? null;
      return { ...claimed, job: { ...claimed.job, dispatchedAt } };
    }

    async function snapshot(jobId: string, intentId: string) {
      return {
        job: (await repos.jobs.findById(jobId))?.toProps(),
        intent: (await repos.intents.findById(intentId))?.toProps(),
        timeline: await repos.timeline.listForIntent(intentId),
      };
    }

    async function timelineTypes(intentId: string): Promise<string[]> {
      return (await repos.timeline.listForIntent(intentId)).map((entry) => entry.event.type);
    }

    describe("message intents", () => {
      it("finds an inserted intent as it was inserted", async () => {
        const intent = anIntent();
        await repos.intents.insert(intent);
        expect((await repos.intents.findById(intent.id))?.toProps()).toEqual(intent.toProps());
        expect(await repos.intents.findById(randomUUID())).toBeNull();
        expect(await repos.intents.findById("not-a-uuid")).toBeNull();
      });

      it("saves a changed intent", async () => {
        const instance = await givenInstance();
        const intent = anIntent();
        await repos.intents.insert(intent);
        intent.approve(instance.id, at(5), "api");
        await repos.intents.save(intent);
        const found = await repos.intents.findById(intent.id);
        expect(found?.toProps()).toMatchObject({
          status: "APPROVED",
          decidedByInstanceId: instance.id,
          updatedAt: at(5),
        });
      });

      it("lists an organization's intents newest first, page by page", async () => {
        const times = [1, 2, 2, 3, 4];
        const intents = times.map((seconds) => anIntent({ now: at(seconds) }));
        for (const intent of intents) await repos.intents.insert(intent);
        await repos.intents.insert(anIntent({ organizationId: "other-org", now: at(9) }));

        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          const page = await repos.intents.list({ organizationId: ORG, limit: 2, cursor });
          pages.push(page.items.map((intent) => intent.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);

        const expected = intents
          .map((intent) => intent.toProps())
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
          .map((props) => props.id);
        expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
        expect(pages.flat()).toEqual(expected);
      });

      it("filters the list by status", async () => {
        const instance = await givenInstance();
        const approved = await givenApprovedIntent(instance, at(1));
        await repos.intents.insert(anIntent({ now: at(2) }));
        const page = await repos.intents.list({ organizationId: ORG, status: "APPROVED", limit: 10 });
        expect(page.items.map((intent) => intent.id)).toEqual([approved.id]);
        expect(page.nextCursor).toBeNull();
      });

      it("filters the list by instance and search (id or recipient)", async () => {
        const instance = await givenInstance();
        const approved = await givenApprovedIntent(instance, at(1));
        const warmup = anIntent({ now: at(2), purpose: "WARMUP", phone: "5511 98888-7777" });
        const late = anIntent({ now: at(30), phone: "+55 (21) 3333_4444" });
        for (const intent of [warmup, late]) await repos.intents.insert(intent);
        const ids = async (filter: Omit<IntentListFilter, "limit">) =>
          (await repos.intents.list({ organizationId: ORG, limit: 10, ...filter })).items.map((i) => i.id);

        expect(await ids({ instanceId: instance.id })).toEqual([approved.id]);
        expect(await ids({ instanceId: instance.id, purpose: "WARMUP" })).toEqual([]);
        expect(await ids({ search: "98888-77" })).toEqual([warmup.id]);
        expect(await ids({ search: "98888-77", createdFrom: at(3) })).toEqual([]);
        expect(await ids({ search: "(21) 3333_" })).toEqual([late.id]);
        expect(await ids({ search: "3333%" })).toEqual([]);
        expect(await ids({ search: warmup.id.toUpperCase() })).toEqual([warmup.id]);
        expect(await ids({ search: randomUUID() })).toEqual([]);
        expect(await ids({ organizationId: "other-org", search: "98888" })).toEqual([]);
      });

      it("filters the list by purpose and by a created range, from inclusive to exclusive", async () => {
        const intents = [1, 2, 3, 4].map((seconds) =>
          anIntent({ now: at(seconds), purpose: seconds % 2 === 0 ? "WARMUP" : "DISPATCH" }),
        );
        for (const intent of intents) await repos.intents.insert(intent);
        const ids = async (filter: Partial<IntentListFilter>) =>
          (await repos.intents.list({ organizationId: ORG, limit: 10, ...filter })).items.map((i) => i.id);
        const [i1, i2, i3, i4] = intents.map((intent) => intent.id);
        expect(await ids({ purpose: "WARMUP" })).toEqual([i4, i2]);
        expect(await ids({ createdFrom: at(2), createdTo: at(4) })).toEqual([i3, i2]);
        expect(await ids({ createdFrom: at(3) })).toEqual([i4, i3]);
        expect(await ids({ createdTo: at(2) })).toEqual([i1]);
        expect(await ids({ purpose: "DISPATCH", createdFrom: at(2) })).toEqual([i3]);
      });

      it("refuses a cursor it did not issue", async () => {
        await expect(repos.intents.list({ limit: 2, cursor: "garbage" })).rejects.toMatchObject({
          code: "INVALID_CURSOR",
        });
      });
    });

    describe("instances", () => {
      it("inserts, finds, lists and updates an instance", async () => {
        const first = await givenInstance({ createdAt: at(1) });
        const second = await givenInstance({ createdAt: at(2) });
        await givenInstance({ organizationId: "other-org" });
        expect(await repos.instances.findById(first.id)).toEqual(first);
        expect((await repos.instances.list(ORG)).map((instance) => instance.id)).toEqual([
          first.id,
          second.id,
        ]);
        expect(await repos.instances.list()).toHaveLength(3);

        await repos.instances.updateStatus(first.id, "disconnected", "5511988887777", at(3));
        expect(await repos.instances.findById(first.id)).toEqual({
          ...first,
          status: "disconnected",
          phoneNumber: "5511988887777",
          updatedAt: at(3),
        });
      });

      it("refuses a second instance of the same name on the same provider", async () => {
        const instance = await givenInstance({ name: "sales" });
        const duplicate = anInstance({ name: "sales", organizationId: "other-org" });
        const error = await repos.instances.insert(duplicate).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ code: "INSTANCE_EXISTS" });
        await repos.instances.insert(anInstance({ name: "sales", provider: "evolution" }));
        expect(await repos.instances.findById(duplicate.id)).toBeNull();
        expect(await repos.instances.findById(instance.id)).toEqual(instance);
      });

      it("picks the connected, unpaused instance with the fewest unfinished jobs, the oldest on a tie", async () => {
        const busy = await givenInstance({ createdAt: at(1) });
        const idle = await givenInstance({ createdAt: at(2) });
        const alsoIdle = await givenInstance({ createdAt: at(3) });
        await givenInstance({ createdAt: at(0), status: "disconnected" });
        await givenInstance({ createdAt: at(0), organizationId: "other-org" });
        await givenInstance({ createdAt: at(0), paused: true });
        // Finished jobs do not count: idle has only a FAILED one.
        await givenJob({ instance: idle });
        const [claimed] = await queue.claim(claimRequest());
        if (!claimed) throw new Error("claim failed");
        await markFailed(
          fenceOfClaim(claimed.job),
          AN_ERROR,
          failedEvent(claimed.job, fenceOfClaim(claimed.job), at(1)),
        );
        await givenJob({ instance: busy });

        expect((await repos.instances.findLeastBusyConnected(ORG))?.id).toBe(idle.id);
        await givenJob({ instance: idle });
        expect((await repos.instances.findLeastBusyConnected(ORG))?.id).toBe(alsoIdle.id);
        expect(await repos.instances.findLeastBusyConnected("nobody")).toBeNull();
      });
    });

    describe("job creation", () => {
      it("creates one job per intent, and returns the existing one afterwards", async () => {
        const instance = await givenInstance();
        const intent = await givenApprovedIntent(instance);
        const first = aJobFor(intent, instance);
        const created = await repos.jobs.createIfNotExists(first.job, first.event);
        expect(created.created).toBe(true);
        expect(created.job.toProps()).toEqual(first.job.toProps());

        const second = aJobFor(intent, instance, { now: at(5) });
        const again = await repos.jobs.createIfNotExists(second.job, second.event);
        expect(again.created).toBe(false);
        expect(again.job.toProps()).toEqual(first.job.toProps());
        expect(await repos.jobs.findById(second.job.id)).toBeNull();
        expect((await repos.jobs.findByIntentId(intent.id))?.id).toBe(first.job.id);
        const timeline = await repos.timeline.listForIntent(intent.id);
        expect(timeline.map((entry) => entry.event)).toEqual([first.event]);
      });

      it("creates exactly one job when 20 callers race for the same intent", async () => {
        const instance = await givenInstance();
        const intent = await givenApprovedIntent(instance);
        const results = await Promise.all(
          Array.from({ length: 20 }, () => {
            const { job, event } = aJobFor(intent, instance);
            return repos.jobs.createIfNotExists(job, event);
          }),
        );
        expect(results.filter((result) => result.created)).toHaveLength(1);
        expect(new Set(results.map((result) => result.job.id)).size).toBe(1);
        expect(await timelineTypes(intent.id)).toEqual(["ExecutionJobCreated"]);
      });

      it("creates the missing jobs of approved intents, oldest first, once", async () => {
        const instance = await givenInstance({ provider: "evolution" });
        const older = await givenApprovedIntent(instance, at(1));
        const newer = await givenApprovedIntent(instance, at(2));
        const newest = await givenApprovedIntent(instance, at(3));
        const { intent: withJob } = await givenJob({ instance });
        await repos.intents.insert(anIntent());
        const request = { limit: 2, maxAttempts: 4 };
        const jobs = await queue.createMissing(request);
        expect(jobs.map((job) => job.toProps().intentId)).toEqual([older.id, newer.id]);
        const [job] = jobs;
        expect(job?.toProps()).toMatchObject({
          organizationId: ORG,
          instanceId: instance.id,
          provider: "evolution",
          status: "PENDING",
          attempts: 0,
          maxAttempts: 4,
          executedAt: null,
        });
        // Created on the database's clock: due at once.
        expect(job?.toProps().nextAttemptAt).toEqual(job?.toProps().createdAt);
        expect((await repos.jobs.findByIntentId(older.id))?.toProps()).toEqual(job?.toProps());
        const expectedEvent: DomainEvent = {
          type: "ExecutionJobCreated",
          organizationId: ORG,
          intentId: older.id,
          jobId: job?.id ?? "",
          instanceId: instance.id,
          provider: "evolution",
          occurredAt: job?.toProps().createdAt ?? T0,
          actor: "system",
        };
        expect((await repos.timeline.listForIntent(older.id)).map((entry) => entry.event)).toEqual([
          expectedEvent,
        ]);

        const rest = await queue.createMissing({ ...request, limit: 10 });
        expect(rest.map((created) => created.toProps().intentId)).toEqual([newest.id]);
        expect(await queue.createMissing(request)).toEqual([]);
        expect(await timelineTypes(withJob.id)).toEqual(["ExecutionJobCreated"]);
      });
    });

    describe("claiming", () => {
      it("claims a due job: attempts + 1, under a lease, with its intent and instance name", async () => {
        const { instance, intent, job } = await givenJob({ now: at(0) });
        const claimed = await queue.claim(claimRequest());
        expect(claimed).toHaveLength(1);
        const [first] = claimed;
        expect(first?.job).toEqual({
          ...job.toProps(),
          status: "PROCESSING",
          attempts: 1,
          // The worker and its claim's own transaction: see the re-claim test below.
          lockedBy: expect.stringMatching(/^worker-1#\d+$/),
          // The database's clock: the lease runs LEASE_MS from the claim. Not handed to the gateway yet.
          lockedUntil: new Date((first?.job.updatedAt.getTime() ?? 0) + LEASE_MS),
          dispatchedAt: null,
          updatedAt: expect.any(Date),
        });
        expect(first?.job.updatedAt.getTime()).toBeGreaterThan(job.toProps().updatedAt.getTime());
        expect(first?.intent).toEqual(intent.toProps());
        expect(first?.instanceName).toBe(instance.name);
        expect((await repos.jobs.findById(job.id))?.toProps()).toEqual(first?.job);
        expect(await queue.claim(claimRequest())).toEqual([]);
      });

      it("claims the oldest due jobs first, up to the limit, and none due later", async () => {
        const instance = await givenInstance();
        const { job: third } = await givenJob({ instance, now: at(3), phone: "5511900000003" });
        const { job: first } = await givenJob({ instance, now: at(1), phone: "5511900000001" });
        const { job: second } = await givenJob({ instance, now: at(2), phone: "5511900000002" });
        // Due a day from now on any clock: not claimable.
        await givenJob({ instance, now: new Date(Date.now() + 86_400_000), phone: "5511900000004" });

        const claimed = await queue.claim(claimRequest({ limit: 1 }));
        expect(claimed.map((c) => c.job.id)).toEqual([first.id]);
        const rest = await queue.claim(claimRequest({ limit: 10 }));
        expect(rest.map((c) => c.job.id)).toEqual([second.id, third.id]);
      });

      it("never claims a RETRY job before its next attempt time", async () => {
        const { job, fence, claimed } = await givenClaimedJob();
        const retried = await markRetry(fence, AN_ERROR, 300, failedEvent(claimed.job, fence, at(1), at(60)));
        expect(retried).toBe(true);
        expect(await queue.claim(claimRequest())).toEqual([]);
        const due = (await repos.jobs.findById(job.id))?.toProps().nextAttemptAt.getTime() ?? 0;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()) + 350));
        const [again] = await queue.claim(claimRequest({ workerId: "worker-2" }));
        expect(again?.job).toMatchObject({
          id: job.id,
          status: "PROCESSING",
          attempts: 2,
          lockedBy: expect.stringMatching(/^worker-2#\d+$/),
        });
      });

      it("names each claim in locked_by: the worker, then the claim's own transaction", async () => {
        await givenJob();
        await givenJob();
        const [first] = await queue.claim(claimRequest({ limit: 1 }));
        const [second] = await queue.claim(claimRequest({ limit: 1 }));
        expect(first?.job.lockedBy).toMatch(/^worker-1#\d+$/);
        expect(second?.job.lockedBy).toMatch(/^worker-1#\d+$/);
        expect(second?.job.lockedBy).not.toBe(first?.job.lockedBy);
      });

      it("gives each of 200 jobs to exactly one of 8 concurrent claimers", async () => {
        const instance = await givenInstance();
        await Promise.all(Array.from({ length: 200 }, (_, i) => givenApprovedIntent(instance, at(i % 7))));
        const created = await queue.createMissing({ limit: 500, maxAttempts: 3 });
        expect(created).toHaveLength(200);

        const claimer = async (worker: number): Promise<string[]> => {
          const mine: string[] = [];
          for (;;) {
            const batch = await queue.claim(claimRequest({ workerId: `worker-${worker}`, limit: 5 }));
            if (batch.length === 0) return mine;
            mine.push(...batch.map((claimed) => claimed.job.id));
          }
        };
        const perWorker = await Promise.all(Array.from({ length: 8 }, (_, worker) => claimer(worker)));

        const all = perWorker.flat();
        expect(all).toHaveLength(200);
        expect(new Set(all)).toEqual(new Set(created.map((job) => job.id)));
        expect(perWorker.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
        const processing = await repos.jobs.list({ status: "PROCESSING", limit: 500 });
        expect(processing.items).toHaveLength(200);
        expect(processing.items.every((job) => job.attempts === 1)).toBe(true);
      });
    });

    describe("outcomes", () => {
      it("markSent moves job and intent to SENT and records MessageSent, once", async () => {
        const { job, intent, claimed, fence } = await givenClaimedJob();
        const event = sentEvent(claimed.job, fence, "wamid-1", at(2));
        expect(await markSent(fence, "wamid-1", event)).toBe(true);

        expect((await repos.jobs.findById(job.id))?.toProps()).toEqual({
          ...claimed.job,
          dispatchedAt: expect.any(Date),
          status: "SENT",
          providerMessageId: "wamid-1",
          executedAt: at(2),
          lockedBy: null,
          lockedUntil: null,
          updatedAt: at(2),
        });
        expect((await repos.intents.findById(intent.id))?.toProps()).toEqual({
          ...intent.toProps(),
          status: "SENT",
          sentAt: at(2),
          updatedAt: at(2),
        });
        const timeline = await repos.timeline.listForIntent(intent.id);
        expect(timeline.at(-1)?.event).toEqual(event);

        expect(await markSent(fence, "wamid-2", sentEvent(claimed.job, fence, "wamid-2", at(3)))).toBe(false);
        expect(await repos.timeline.listForIntent(intent.id)).toEqual(timeline);
        expect((await repos.jobs.findById(job.id))?.toProps().providerMessageId).toBe("wamid-1");
      });

      it("markSent calls made together each apply to their own job; a stale fence among them does not", async () => {
        const given: Awaited<ReturnType<typeof givenClaimedJob>>[] = [];
        for (let i = 0; i < 12; i += 1) given.push(await givenClaimedJob());
        const send = ({ claimed, fence }: (typeof given)[number]) =>
          markSent(
            fence,
            `wamid-${fence.jobId}`,
            sentEvent(claimed.job, fence, `wamid-${fence.jobId}`, at(2)),
          );
        // A stale twin of the last job, called before it: the first call is written alone, the
        // others (twin included) together, the twin first.
        const last = given[11] as (typeof given)[number];
        const [first, ...rest] = given.map((one) => () => send(one));
        const answers = await Promise.all([
          first?.(),
          markSent(
            { ...last.fence, attempt: last.fence.attempt + 1 },
            "stale",
            sentEvent(last.claimed.job, last.fence, "stale", at(2)),
          ),
          ...rest.map((call) => call()),
        ]);

        expect(answers).toEqual([true, false, ...rest.map(() => true)]);
        for (const { job, intent, fence } of given) {
          expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
            status: "SENT",
            providerMessageId: `wamid-${fence.jobId}`,
          });
          expect((await repos.intents.findById(intent.id))?.toProps().status).toBe("SENT");
          expect((await timelineTypes(intent.id)).filter((type) => type === "MessageSent")).toHaveLength(1);
        }
      });

      it("markFailed moves job and intent to FAILED, once", async () => {
        const { job, intent, claimed, fence } = await givenClaimedJob();
        const event = failedEvent(claimed.job, fence, at(2));
        expect(await markFailed(fence, AN_ERROR, event)).toBe(true);
        expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
          status: "FAILED",
          lastError: AN_ERROR,
          executedAt: null,
          lockedBy: null,
          lockedUntil: null,
        });
        expect((await repos.intents.findById(intent.id))?.toProps()).toMatchObject({
          status: "FAILED",
          failedAt: at(2),
        });
        expect(await timelineTypes(intent.id)).toEqual(["ExecutionJobCreated", "MessageFailed"]);
        expect(await markFailed(fence, AN_ERROR, event)).toBe(false);
        expect(await timelineTypes(intent.id)).toEqual(["ExecutionJobCreated", "MessageFailed"]);
      });

      it("markRetry schedules the next attempt and keeps the intent APPROVED, once", async () => {
        const { job, intent, claimed, fence } = await givenClaimedJob();
        const event = failedEvent(claimed.job, fence, at(2), at(30));
        expect(await markRetry(fence, AN_ERROR, 30_000, event)).toBe(true);
        const retried = (await repos.jobs.findById(job.id))?.toProps();
        expect(retried).toMatchObject({ status: "RETRY", lastError: AN_ERROR, attempts: 1, lockedBy: null });
        // 30 s after the database's now (this host's clock is the database's here), not after the event's time.
        expect(retried?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
        expect((await repos.intents.findById(intent.id))?.toProps()).toEqual(intent.toProps());
        expect((await repos.timeline.listForIntent(intent.id)).at(-1)?.event).toEqual({
          ...event,
          nextAttemptAt: retried?.nextAttemptAt,
        });
        expect(await markRetry(fence, AN_ERROR, 90_000, event)).toBe(false);
        expect((await repos.jobs.findById(job.id))?.toProps().nextAttemptAt).toEqual(retried?.nextAttemptAt);
      });

      it("markUnconfirmed parks the job and keeps the intent APPROVED, once", async () => {
        const { job, intent, claimed, fence } = await givenClaimedJob();
        const event = unconfirmedEvent(claimed.job, fence, at(2));
        expect(await markUnconfirmed(fence, AN_ERROR, event)).toBe(true);
        expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
          status: "UNCONFIRMED",
          lastError: AN_ERROR,
          lockedBy: null,
        });
        expect((await repos.intents.findById(intent.id))?.toProps().status).toBe("APPROVED");
        expect(await markUnconfirmed(fence, AN_ERROR, event)).toBe(false);
        expect(await timelineTypes(intent.id)).toEqual(["ExecutionJobCreated", "MessageUnconfirmed"]);
      });

      const outcomes: { name: string; apply: (claimed: ClaimedJob, fence: JobFence) => Promise<boolean> }[] =
        [
          {
            name: "markSent",
            apply: (claimed, fence) => markSent(fence, "late", sentEvent(claimed.job, fence, "late", at(5))),
          },
          {
            name: "markRetry",
            apply: (claimed, fence) =>
              markRetry(fence, AN_ERROR, 50_000, failedEvent(claimed.job, fence, at(5), at(50))),
          },
          {
            name: "markFailed",
            apply: (claimed, fence) => markFailed(fence, AN_ERROR, failedEvent(claimed.job, fence, at(5))),
          },
          {
            name: "markUnconfirmed",
            apply: (claimed, fence) =>
              markUnconfirmed(fence, AN_ERROR, unconfirmedEvent(claimed.job, fence, at(5))),
          },
        ];
      for (const outcome of outcomes) {
        it(`${outcome.name} under a stale fence (other attempt, other owner, other job) writes nothing`, async () => {
          const { job, intent, claimed, fence } = await givenClaimedJob();
          const before = await snapshot(job.id, intent.id);
          const stale: JobFence[] = [
            { ...fence, attempt: fence.attempt + 1 },
            { ...fence, attempt: fence.attempt - 1 },
            { ...fence, lockedBy: "someone-else" },
            { ...fence, jobId: randomUUID() },
          ];
          for (const fenceOfAnother of stale) {
            expect(await outcome.apply(claimed, fenceOfAnother)).toBe(false);
          }
          expect(await snapshot(job.id, intent.id)).toEqual(before);
          expect(await outcome.apply(claimed, fence)).toBe(true);
        });
      }

      it("a worker whose attempt was superseded cannot finish it", async () => {
        const { job, claimed, fence } = await givenClaimedJob();
        await markRetry(fence, AN_ERROR, 0, failedEvent(claimed.job, fence, at(1), at(1)));
        const [second] = await queue.claim(claimRequest({ workerId: "worker-1" }));
        if (!second) throw new Error("re-claim failed");
        expect(await markSent(fence, "late", sentEvent(claimed.job, fence, "late", at(3)))).toBe(false);
        expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
          status: "PROCESSING",
          attempts: 2,
        });
      });

      it("a claim is not the dispatch: the dispatch mark, fenced, stamps it, and a new claim clears it", async () => {
        const { job } = await givenJob();
        const [first] = await queue.claim(claimRequest());
        if (!first) throw new Error("claim failed");
        expect(first.job.dispatchedAt).toBeNull();
        const stale = { ...fenceOfClaim(first.job), lockedBy: "someone-else" };
        expect(await queue.complete({ dispatches: [stale], outcomes: [] })).toEqual({
          dispatched: [],
          events: [],
          holds: [],
        });
        expect((await repos.jobs.findById(job.id))?.toProps().dispatchedAt).toBeNull();
        expect(await queue.complete({ dispatches: [fenceOfClaim(first.job)], outcomes: [] })).toEqual({
          dispatched: [job.id],
          events: [],
          holds: [],
        });
        const marked = (await repos.jobs.findById(job.id))?.toProps().dispatchedAt;
        expect(marked?.getTime()).toBeGreaterThanOrEqual(first.job.updatedAt.getTime());
        await queue.releaseUnsent([fenceOfClaim(first.job)], "worker:w");
        const [second] = await queue.claim(claimRequest());
        expect(second?.job).toMatchObject({ attempts: 2, dispatchedAt: null });
      });

      it("stores the attempt's own message id with its dispatch mark, so a receipt finds the job before any answer", async () => {
        const { job } = await givenJob();
        const [claimed] = await queue.claim(claimRequest());
        if (!claimed) throw new Error("claim failed");
        const fence = fenceOfClaim(claimed.job);
        const stale = { ...fence, lockedBy: "someone-else", messageId: "3EB0STALE" };
        await queue.complete({ dispatches: [stale], outcomes: [] });
        expect(await repos.jobs.findByProviderMessageId("3EB0STALE")).toBeNull();
        await queue.complete({ dispatches: [{ ...fence, messageId: "3EB0OURS" }], outcomes: [] });
        expect((await repos.jobs.findByProviderMessageId("3EB0OURS"))?.toProps()).toMatchObject({
          id: job.id,
          status: "PROCESSING",
        });
      });

      it("marks dispatches and records outcomes of other jobs in the same statement", async () => {
        const finishing = await givenClaimedJob();
        const { job } = await givenJob();
        const [starting] = await queue.claim(claimRequest());
        if (!starting) throw new Error("claim failed");
        const sent = sentEvent(finishing.claimed.job, finishing.fence, "wamid-d", at(2));
        const result = await queue.complete({
          dispatches: [fenceOfClaim(starting.job)],
          outcomes: [{ status: "SENT", fence: finishing.fence, event: sent }],
        });
        expect(result).toEqual({ dispatched: [job.id], events: [sent], holds: [] });
        expect((await repos.jobs.findById(finishing.job.id))?.status).toBe("SENT");
        expect((await repos.jobs.findById(job.id))?.toProps().dispatchedAt).not.toBeNull();
      });

      it("saves a job changed by an operator", async () => {
        const { job, claimed, fence } = await givenClaimedJob();
        await markFailed(fence, AN_ERROR, failedEvent(claimed.job, fence, at(1)));
        const failed = await repos.jobs.findById(job.id);
        if (!failed) throw new Error("job vanished");
        failed.requeue(2, at(9), "operator", "try again");
        await repos.jobs.save(failed);
        expect((await repos.jobs.findById(job.id))?.toProps()).toEqual(failed.toProps());
      });
    });

    describe("job lists", () => {
      it("filters by instance and status and pages newest first", async () => {
        const instance = await givenInstance();
        const other = await givenInstance();
        const jobs = [];
        for (let i = 0; i < 3; i++) jobs.push((await givenJob({ instance, now: at(i) })).job);
        await givenJob({ instance: other, now: at(9) });

        const first = await repos.jobs.list({ organizationId: ORG, instanceId: instance.id, limit: 2 });
        expect(first.items.map((job) => job.id)).toEqual([jobs[2]?.id, jobs[1]?.id]);
        const second = await repos.jobs.list({
          organizationId: ORG,
          instanceId: instance.id,
          limit: 2,
          cursor: first.nextCursor ?? undefined,
        });
        expect(second.items.map((job) => job.id)).toEqual([jobs[0]?.id]);
        expect(second.nextCursor).toBeNull();
        expect((await repos.jobs.list({ status: "SENT", limit: 10 })).items).toEqual([]);
      });

      it("filters by the intent's purpose, the recipient, and by job or intent id", async () => {
        const instance = await givenInstance();
        const first = await givenJob({ instance, now: at(1) });
        const warmup = anIntent({ now: at(5), purpose: "WARMUP", phone: "+55 21 97777-6666" });
        warmup.approve(instance.id, at(5), "test");
        await repos.intents.insert(warmup);
        const second = aJobFor(warmup, instance, { now: at(5) });
        await repos.jobs.createIfNotExists(second.job, second.event);
        const ids = async (filter: Omit<JobListFilter, "limit">) =>
          (await repos.jobs.list({ organizationId: ORG, limit: 10, ...filter })).items.map((j) => j.id);

        expect(await ids({ purpose: "WARMUP" })).toEqual([second.job.id]);
        expect(await ids({ purpose: "WARMUP", createdTo: at(5) })).toEqual([]);
        expect(await ids({ purpose: "SCHEDULE" })).toEqual([]);
        expect(await ids({ search: "97777" })).toEqual([second.job.id]);
        expect(await ids({ search: first.job.id })).toEqual([first.job.id]);
        expect(await ids({ search: warmup.id })).toEqual([second.job.id]);
        expect(await ids({ search: warmup.id, purpose: "DISPATCH" })).toEqual([]);
      });

      it("filters by a created range, from inclusive to exclusive", async () => {
        const instance = await givenInstance();
        const jobs = [];
        for (let i = 1; i <= 3; i++) jobs.push((await givenJob({ instance, now: at(i) })).job);
        const page = await repos.jobs.list({ createdFrom: at(2), createdTo: at(3), limit: 10 });
        expect(page.items.map((job) => job.id)).toEqual([jobs[1]?.id]);
        const later = await repos.jobs.list({ createdFrom: at(2), limit: 10 });
        expect(later.items.map((job) => job.id)).toEqual([jobs[2]?.id, jobs[1]?.id]);
      });
    });

    describe("timeline", () => {
      it("returns an intent's events in order, with their dates as dates", async () => {
        const intent = anIntent();
        const events: DomainEvent[] = [
          {
            type: "MessageIntentCreated",
            organizationId: ORG,
            intentId: intent.id,
            occurredAt: at(1),
            actor: "api",
          },
          {
            type: "MessageIntentQueued",
            organizationId: ORG,
            intentId: intent.id,
            occurredAt: at(2),
            actor: "gate",
            reason: "quiet hours",
            queuedUntil: at(3600),
          },
          {
            type: "MessageFailed",
            organizationId: ORG,
            intentId: intent.id,
            occurredAt: at(3),
            actor: "worker:w",
            jobId: randomUUID(),
            instanceId: randomUUID(),
            provider: "turbozap",
            attempt: 1,
            error: AN_ERROR,
            willRetry: true,
            nextAttemptAt: at(30),
          },
        ];
        await repos.timeline.append(events.slice(0, 2));
        await repos.timeline.append(events.slice(2));
        await repos.timeline.append([]);
        await repos.timeline.append([
          {
            type: "MessageIntentCreated",
            organizationId: ORG,
            intentId: randomUUID(),
            occurredAt: at(1),
            actor: "api",
          },
        ]);

        const entries = await repos.timeline.listForIntent(intent.id);
        expect(entries.map((entry) => entry.event)).toEqual(events);
        const queued = entries[1]?.event;
        expect(queued?.type === "MessageIntentQueued" && queued.queuedUntil).toBeInstanceOf(Date);
        const ids = entries.map((entry) => Number(entry.id));
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        expect(new Set(ids).size).toBe(3);
      });
    });

    describe("gateway reports", () => {
      /** A job whose attempt at T0 ended UNCONFIRMED, dispatched at T0. */
      async function givenUnconfirmedJob(instance?: Instance) {
        const given = await givenJob(instance ? { instance } : {});
        const claimed = await claimOneDispatched();
        const fence = fenceOfClaim(claimed.job);
        await markUnconfirmed(fence, AN_ERROR, unconfirmedEvent(claimed.job, fence, at(1)));
        return { ...given, claimed, fence };
      }

      function confirmedEvent(claimed: ClaimedJob, messageId: string, now: Date): MessageConfirmedByGateway {
        const { job } = claimed;
        return {
          ...jobEventBase(job, now, "gateway:turbozap"),
          type: "MessageConfirmedByGateway",
          attempt: job.attempts,
          providerMessageId: messageId,
        };
      }

      it("finds a live instance by provider and gateway name, whatever it is called now", async () => {
        const instance = await givenInstance({ name: "by-name" });
        expect(await repos.instances.findByGatewayName("turbozap", "by-name")).toEqual(instance);
        expect(await repos.instances.findByGatewayName("evolution", "by-name")).toBeNull();
        expect(await repos.instances.findByGatewayName("turbozap", "other")).toBeNull();
        const renamed = await repos.instances.updateSettings(instance.id, { name: "renamed" }, at(1));
        expect(await repos.instances.findByGatewayName("turbozap", "by-name")).toEqual(renamed);
        expect(await repos.instances.findByGatewayName("turbozap", "renamed")).toBeNull();
      });

      it("a deleted instance keeps its row but leaves lists and gateway lookups, freeing its gateway name", async () => {
        const instance = await givenInstance({ name: "to-delete" });
        await repos.instances.markDeleted(instance.id, at(2));
        expect((await repos.instances.findById(instance.id))?.deletedAt).toEqual(at(2));
        expect(await repos.instances.findByGatewayName("turbozap", "to-delete")).toBeNull();
        expect((await repos.instances.list(ORG)).map((i) => i.id)).not.toContain(instance.id);
        const again = await givenInstance({ name: "to-delete" });
        expect(await repos.instances.findByGatewayName("turbozap", "to-delete")).toEqual(again);
      });

      it("finds a job by the provider's message id", async () => {
        const { job, claimed, fence } = await givenClaimedJob();
        expect(await repos.jobs.findByProviderMessageId("wamid-9")).toBeNull();
        await markSent(fence, "wamid-9", sentEvent(claimed.job, fence, "wamid-9", at(1)));
        expect((await repos.jobs.findByProviderMessageId("wamid-9"))?.id).toBe(job.id);
      });

      it("lists the instance's UNCONFIRMED and PROCESSING attempts dispatched in the window, with intents", async () => {
        const instance = await givenInstance();
        const unconfirmed = await givenUnconfirmedJob(instance);
        const processing = await givenJob({ instance });
        const claimed = await claimOneDispatched();
        await givenJob({ instance }); // PENDING: never a candidate
        await givenUnconfirmedJob(); // another instance

        const window = { instanceId: instance.id, limit: 10 };
        const dispatched = (given: { job: { dispatchedAt: Date | null } }, shiftMs: number) =>
          new Date((given.job.dispatchedAt?.getTime() ?? 0) + shiftMs);
        const found = await repos.jobs.listConfirmationCandidates({
          ...window,
          dispatchedFrom: dispatched(unconfirmed.claimed, -1),
          dispatchedTo: dispatched(claimed, 1),
        });
        expect(found.map((c) => [c.job.id, c.job.status])).toEqual([
          [unconfirmed.job.id, "UNCONFIRMED"],
          [processing.job.id, "PROCESSING"],
        ]);
        expect(found[0]?.intent).toEqual(unconfirmed.intent.toProps());
        const later = await repos.jobs.listConfirmationCandidates({
          ...window,
          dispatchedFrom: dispatched(unconfirmed.claimed, 1),
          dispatchedTo: dispatched(claimed, 1),
        });
        expect(later.map((c) => c.job.id)).toEqual([processing.job.id]);
      });

      it("confirms an UNCONFIRMED attempt as SENT with its intent and event, once and only at that attempt", async () => {
        const { job, intent, claimed } = await givenUnconfirmedJob();
        const event = confirmedEvent(claimed, "wamid-c", at(5));
        expect(await repos.jobs.confirmSent(job.id, claimed.job.attempts + 1, "wamid-c", event)).toBe(false);
        expect(await repos.jobs.confirmSent(job.id, claimed.job.attempts, "wamid-c", event)).toBe(true);
        expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
          status: "SENT",
          providerMessageId: "wamid-c",
          executedAt: at(5),
          lastError: null,
        });
        expect((await repos.intents.findById(intent.id))?.toProps()).toMatchObject({
          status: "SENT",
          sentAt: at(5),
        });
        expect(await timelineTypes(intent.id)).toEqual([
          "ExecutionJobCreated",
          "MessageUnconfirmed",
          "MessageConfirmedByGateway",
        ]);
        expect(await repos.jobs.confirmSent(job.id, claimed.job.attempts, "wamid-d", event)).toBe(false);
        expect((await repos.jobs.findById(job.id))?.toProps().providerMessageId).toBe("wamid-c");
      });

      const receipt = (messageId: string, status: "delivered" | "read", when: Date) => ({
        provider: "turbozap",
        instanceName: "i-1",
        kind: "receipt" as const,
        messageId,
        receiptStatus: status,
        occurredAt: when,
        receivedAt: when,
        resolution: "received" as const,
        payload: { status },
      });

      it("stores each receipt once and records it on its intent once, in any order of arrival", async () => {
        const { intent, claimed, fence } = await givenClaimedJob();
        await markSent(fence, "wamid-x", sentEvent(claimed.job, fence, "wamid-x", at(5)));
        // Two copies in one write count once; a copy of a stored receipt is not stored again.
        const read = receipt("wamid-x", "read", at(7));
        expect(await repos.gatewayEvents.receive([read, { ...read }])).toEqual([true, false]);
        expect(await repos.gatewayEvents.receive([receipt("wamid-x", "read", at(8))])).toEqual([false]);
        const first = await repos.gatewayEvents.applyReceipts("received", 10, at(9));
        expect(first.taken).toBe(1);
        expect(first.events).toEqual([
          {
            type: "MessageRead",
            organizationId: intent.organizationId,
            intentId: intent.id,
            jobId: claimed.job.id,
            instanceId: claimed.job.instanceId,
            provider: "turbozap",
            occurredAt: at(7),
            actor: "gateway:turbozap",
            providerMessageId: "wamid-x",
          },
        ]);
        // The delivered comes after the read; the read again under another instance name changes nothing.
        await repos.gatewayEvents.receive([receipt("wamid-x", "delivered", at(6))]);
        await repos.gatewayEvents.receive([{ ...receipt("wamid-x", "read", at(8)), instanceName: "i-2" }]);
        const second = await repos.gatewayEvents.applyReceipts("received", 10, at(9));
        expect(second.taken).toBe(2);
        expect(second.events.map((e) => e.type)).toEqual(["MessageDelivered"]);
        expect(await repos.gatewayEvents.applyReceipts("received", 10, at(9))).toEqual({
          taken: 0,
          events: [],
          unconfirmed: [],
        });
        expect((await repos.intents.findById(intent.id))?.toProps()).toMatchObject({
          readAt: at(7),
          deliveredAt: at(6),
          playedAt: null,
          rejectedAt: null,
        });
        expect((await timelineTypes(intent.id)).slice(-2)).toEqual(["MessageRead", "MessageDelivered"]);
        const stored = await repos.gatewayEvents.list(10);
        expect(stored.map((e) => [e.resolution, e.resolvedAt])).toEqual([
          ["settled", at(9)],
          ["settled", at(9)],
          ["settled", at(9)],
        ]);
      });

      it("applies no receipt to a job whose attempt is unsettled: PROCESSING waits, UNCONFIRMED is returned to be confirmed", async () => {
        const { intent, job } = await givenJob();
        const [claimed] = await queue.claim(claimRequest());
        if (!claimed) throw new Error("claim failed");
        const fence = { ...fenceOfClaim(claimed.job), messageId: "3EB0OURS" };
        await queue.complete({ dispatches: [fence], outcomes: [] });
        await repos.gatewayEvents.receive([receipt("3EB0OURS", "delivered", at(3))]);
        expect(await repos.gatewayEvents.applyReceipts("received", 10, at(4))).toEqual({
          taken: 1,
          events: [],
          unconfirmed: [],
        });
        await markUnconfirmed(fence, AN_ERROR, unconfirmedEvent(claimed.job, fence, at(5)));
        expect(await repos.gatewayEvents.applyReceipts("pending", 10, at(6))).toEqual({
          taken: 1,
          events: [],
          unconfirmed: [
            {
              id: job.id,
              organizationId: intent.organizationId,
              intentId: intent.id,
              instanceId: claimed.job.instanceId,
              provider: "turbozap",
              attempts: claimed.job.attempts,
              messageId: "3EB0OURS",
              reportedBy: "turbozap",
            },
          ],
        });
        expect((await repos.intents.findById(intent.id))?.toProps().deliveredAt).toBeNull();
        expect((await repos.gatewayEvents.list(10)).map((e) => e.resolution)).toEqual(["pending"]);
      });

      it("records a rejection after the send like a receipt: rejectedAt and MessageRejected, once", async () => {
        const { intent, claimed, fence } = await givenClaimedJob();
        await markSent(fence, "wamid-r", sentEvent(claimed.job, fence, "wamid-r", at(5)));
        const rejected = { ...receipt("wamid-r", "read", at(6)), receiptStatus: "rejected" as const };
        await repos.gatewayEvents.receive([rejected]);
        await repos.gatewayEvents.receive([{ ...rejected, instanceName: "i-2" }]);
        const applied = await repos.gatewayEvents.applyReceipts("received", 10, at(7));
        expect(applied.events.map((e) => [e.type, e.occurredAt])).toEqual([["MessageRejected", at(6)]]);
        expect((await repos.intents.findById(intent.id))?.toProps()).toMatchObject({ rejectedAt: at(6) });
      });

      it("keeps a receipt no job carries pending, and applies it once one does", async () => {
        await repos.gatewayEvents.receive([receipt("wamid-later", "read", at(3))]);
        await repos.gatewayEvents.receive([receipt("wamid-later", "delivered", at(2))]);
        expect(await repos.gatewayEvents.applyReceipts("received", 10, at(4))).toEqual({
          taken: 2,
          events: [],
          unconfirmed: [],
        });
        expect((await repos.gatewayEvents.list(10)).map((e) => e.resolution)).toEqual(["pending", "pending"]);
        expect(await repos.gatewayEvents.applyReceipts("pending", 10, at(4))).toEqual({
          taken: 0,
          events: [],
          unconfirmed: [],
        });

        const { intent, claimed, fence } = await givenClaimedJob();
        await markSent(fence, "wamid-later", sentEvent(claimed.job, fence, "wamid-later", at(1)));
        const applied = await repos.gatewayEvents.applyReceipts("pending", 10, at(5));
        expect(applied.taken).toBe(2);
        // One batch: delivered before read on the timeline, whatever order they came in.
        expect(applied.events.map((e) => [e.type, e.occurredAt])).toEqual([
          ["MessageDelivered", at(2)],
          ["MessageRead", at(3)],
        ]);
        expect((await timelineTypes(intent.id)).slice(-2)).toEqual(["MessageDelivered", "MessageRead"]);
        expect((await repos.gatewayEvents.list(10)).map((e) => e.resolution)).toEqual(["settled", "settled"]);
      });

      it("keeps gateway reports once each, keeps those no job carries pending, settles and expires them", async () => {
        const report = {
          provider: "turbozap",
          instanceName: "i-1",
          kind: "receipt" as const,
          messageId: "wamid-r",
          receiptStatus: "delivered" as const,
          occurredAt: at(1),
          receivedAt: at(1),
          resolution: "received" as const,
          payload: { status: "delivered" },
        };
        const stored = await repos.gatewayEvents.receive([
          report,
          { ...report, receivedAt: at(2) },
          { ...report, receiptStatus: "read", receivedAt: at(3) },
          { ...report, kind: "send", receiptStatus: null, messageId: "wamid-s" },
        ]);
        expect(stored).toEqual([true, false, true, true]);
        // No job carries their message ids: both batches keep them pending.
        expect((await repos.gatewayEvents.applyReceipts("received", 10, at(4))).taken).toBe(2);
        const sends = await repos.gatewayEvents.takeSendReports("received", 10, at(4));
        expect(sends.taken).toBe(1);
        expect(sends.unknown.map((e) => [e.messageId, e.kind, e.occurredAt, e.resolution])).toEqual([
          ["wamid-s", "send", at(1), "pending"],
        ]);
        const receipts = (await repos.gatewayEvents.list(10)).filter((e) => e.kind === "receipt").reverse();
        expect(receipts.map((e) => [e.receiptStatus, e.receivedAt])).toEqual([
          ["delivered", at(1)],
          ["read", at(3)],
        ]);
        expect(receipts[0]).toMatchObject({ ...report, resolution: "pending", resolvedAt: null });

        const [first] = receipts;
        if (!first) throw new Error("no receipt kept");
        await repos.gatewayEvents.resolve(first.id, "settled", at(4));
        await repos.gatewayEvents.resolve(first.id, "unmatched", at(5));
        expect(await repos.gatewayEvents.expirePending(at(2), at(6))).toBe(1);
        const all = await repos.gatewayEvents.list(10);
        expect(all.map((e) => [e.messageId, e.receiptStatus, e.resolution, e.resolvedAt])).toEqual([
          ["wamid-s", null, "unmatched", at(6)],
          ["wamid-r", "read", "pending", null],
          ["wamid-r", "delivered", "settled", at(4)],
        ]);
      });
    });

    describe("idempotency keys", () => {
      const claim = (key: string, requestHash: string, now: Date = T0) => ({
        organizationId: ORG,
        key,
        requestHash,
        now,
        expiresAt: new Date(now.getTime() + 60_000),
      });
      const response = { statusCode: 201, body: { id: "i-1", nested: { at: "2030-01-01T00:00:00.000Z" } } };

      it("a key is claimed once; later claims get the completed record, whatever their hash", async () => {
        await uow.run(async (tx) => {
          expect(await tx.idempotency.claim(claim("k-1", "hash-a"))).toBeNull();
          await tx.idempotency.complete(ORG, "k-1", response);
        });
        const again = await uow.run((tx) => tx.idempotency.claim(claim("k-1", "hash-b", at(1))));
        expect(again).toEqual({ requestHash: "hash-a", response });
        const otherOrganization = await uow.run((tx) =>
          tx.idempotency.claim({ ...claim("k-1", "hash-b"), organizationId: "org-2" }),
        );
        expect(otherOrganization).toBeNull();
      });

      it("an expired record counts as absent: the key can be claimed again", async () => {
        await uow.run(async (tx) => {
          await tx.idempotency.claim(claim("k-2", "hash-a"));
          await tx.idempotency.complete(ORG, "k-2", response);
        });
        const later = await uow.run((tx) => tx.idempotency.claim(claim("k-2", "hash-b", at(60))));
        expect(later).toBeNull();
      });

      it("a claim made by a unit that throws is forgotten", async () => {
        const run = uow.run(async (tx) => {
          await tx.idempotency.claim(claim("k-3", "hash-a"));
          throw new Error("boom");
        });
        await expect(run).rejects.toThrow("boom");
        expect(await uow.run((tx) => tx.idempotency.claim(claim("k-3", "hash-b")))).toBeNull();
      });
    });

    describe("order, pauses and per-instance limits", () => {
      const claimedIds = async (overrides: Partial<ClaimRequest> = {}) =>
        (await queue.claim(claimRequest({ ...overrides }))).map((c) => c.job.id);

      it("stores the recipient key on the job: a phone's digits", async () => {
        const { job } = await givenJob({ phone: "+55 (11) 98888-7777" });
        expect((await repos.jobs.findById(job.id))?.toProps().recipient).toBe("5511988887777");
      });

      it("holds a lead's later message until the earlier one finishes; UNCONFIRMED does not hold it", async () => {
        const instance = await givenInstance();
        const first = await givenJob({ instance, now: at(1), phone: "5511911110000" });
        const second = await givenJob({ instance, now: at(2), phone: "+55 11 91111-0000" });
        const third = await givenJob({ instance, now: at(3), phone: "5511911110000" });
        const other = await givenJob({ instance, now: at(4), phone: "5511922220000" });
        const [claimed, ...rest] = await queue.claim(claimRequest());
        expect([claimed?.job.id, ...rest.map((c) => c.job.id)]).toEqual([first.job.id, other.job.id]);
        if (!claimed) throw new Error("nothing claimed");
        expect(await claimedIds()).toEqual([]);
        const fence = fenceOfClaim(claimed.job);
        await markUnconfirmed(fence, AN_ERROR, unconfirmedEvent(claimed.job, fence, at(11)));
        expect(await claimedIds({ limit: 1 })).toEqual([second.job.id]);
        expect(await claimedIds()).toEqual([]);
        expect(third.job.id).toBeDefined();
      });

      it("claims nothing of a paused instance or organization, and everything again once resumed", async () => {
        const instance = await givenInstance();
        const { job } = await givenJob({ instance });
        expect((await repos.instances.setPaused(instance.id, true, at(1)))?.paused).toBe(true);
        expect((await repos.instances.list(ORG))[0]?.paused).toBe(true);
        expect(await claimedIds({ perInstanceLimit: 0 })).toEqual([]);
        expect(await claimedIds({ perInstanceLimit: 1 })).toEqual([]);
        await repos.instances.setPaused(instance.id, false, at(2));

        const pause = { organizationId: ORG, actor: "ana", reason: "incident", pausedAt: at(3) };
        await repos.instances.pauseOrganization(pause);
        await repos.instances.pauseOrganization({ ...pause, actor: "bob", pausedAt: at(4) });
        expect(await repos.instances.findOrganizationPause(ORG)).toEqual(pause);
        expect(await claimedIds({ perInstanceLimit: 0 })).toEqual([]);
        expect(await claimedIds({ perInstanceLimit: 1 })).toEqual([]);
        await repos.instances.resumeOrganization(ORG);
        expect(await repos.instances.findOrganizationPause(ORG)).toBeNull();
        expect(await claimedIds({ perInstanceLimit: 1 })).toEqual([job.id]);
        expect(await repos.instances.setPaused(randomUUID(), true, at(5))).toBeNull();
      });

      it("keeps at most perInstanceLimit jobs PROCESSING per instance, even with 8 claimers racing", async () => {
        const instances = [await givenInstance(), await givenInstance()];
        for (const [i, instance] of instances.entries())
          for (let n = 0; n < 6; n += 1) await givenJob({ instance, now: at(i + n * 2) });
        const processingPerInstance = async () => {
          const page = await repos.jobs.list({ status: "PROCESSING", limit: 100 });
          return instances.map(
            (instance) => page.items.filter((j) => j.toProps().instanceId === instance.id).length,
          );
        };
        for (const limit of [1, 2]) {
          const racers = Array.from({ length: 8 }, (_, w) =>
            queue.claim(claimRequest({ workerId: `w-${w}`, limit: 5, perInstanceLimit: limit })),
          );
          const claimed = (await Promise.all(racers)).flat();
          expect(await processingPerInstance()).toEqual([limit, limit]);
          expect(claimed).toHaveLength(limit * 2 - (limit === 2 ? 2 : 0));
        }
      });

      it("extends the leases its fences still hold, in one call", async () => {
        const held = await givenClaimedJob();
        const lost = await givenClaimedJob();
        const extended = await queue.extendLeases(
          [held.fence, { ...lost.fence, lockedBy: "x" }],
          10 * LEASE_MS,
        );
        expect(extended).toEqual([held.job.id]);
        const leaseOf = async (jobId: string) =>
          (await repos.jobs.findById(jobId))?.toProps().lockedUntil?.getTime() ?? 0;
        // Ten leases from the database's now, which is past the claim's.
        expect(await leaseOf(held.job.id)).toBeGreaterThan(
          held.claimed.job.updatedAt.getTime() + 10 * LEASE_MS,
        );
        expect(await leaseOf(lost.job.id)).toBe(lost.claimed.job.updatedAt.getTime() + LEASE_MS);
        expect(await queue.extendLeases([], LEASE_MS)).toEqual([]);
      });

      it("recovers expired leases as UNCONFIRMED (a claim may have been sent), and a late worker writes nothing", async () => {
        const expired = await givenClaimedJob();
        const alive = await givenClaimedJob();
        await queue.extendLeases([expired.fence], 0);
        const after = at(LEASE_MS / 1000 + 1);
        const request = { limit: 10, actor: "worker:recoverer", idempotentProviders: [] };

        const events = await queue.recoverExpired(request);
        expect(events).toEqual([
          expect.objectContaining({
            type: "MessageUnconfirmed",
            jobId: expired.job.id,
            attempt: 1,
            actor: "worker:recoverer",
            error: expect.objectContaining({ code: "LEASE_EXPIRED" }),
          }),
        ]);
        expect((await repos.jobs.findById(alive.job.id))?.status).toBe("PROCESSING");
        const unconfirmed = await snapshot(expired.job.id, expired.intent.id);
        expect(unconfirmed.job?.status).toBe("UNCONFIRMED");
        expect(unconfirmed.job?.lockedBy).toBeNull();
        expect(unconfirmed.intent?.status).toBe("APPROVED");
        expect(unconfirmed.timeline.map((t) => t.event)).toContainEqual(events[0]);
        expect(await queue.recoverExpired(request)).toEqual([]);

        const { claimed, fence } = expired;
        expect(await markSent(fence, "late", sentEvent(claimed.job, fence, "late", after))).toBe(false);
        expect(await snapshot(expired.job.id, expired.intent.id)).toEqual(unconfirmed);
      });

      it("retries an expired claim never handed to the gateway, with its attempt given back, whatever the provider", async () => {
        const { job } = await givenJob({ maxAttempts: 1 });
        const [claimed] = await queue.claim(claimRequest({ leaseMs: 0 }));
        if (!claimed) throw new Error("claim failed");
        const [event] = await queue.recoverExpired({ limit: 10, actor: "worker:r", idempotentProviders: [] });
        expect(event).toMatchObject({
          type: "MessageFailed",
          jobId: job.id,
          willRetry: true,
          error: LEASE_EXPIRED_BEFORE_DISPATCH,
        });
        expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
          status: "RETRY",
          attempts: 1,
          maxAttempts: 2,
          lockedBy: null,
        });
        const [again] = await queue.claim(claimRequest());
        expect(again?.job).toMatchObject({ id: job.id, attempts: 2 });
      });

      it("retries an expired attempt of an idempotent provider instead of leaving it UNCONFIRMED", async () => {
        const { job, fence } = await givenClaimedJob();
        await queue.extendLeases([fence], 0);
        const [event] = await queue.recoverExpired({
          limit: 10,
          actor: "worker:r",
          idempotentProviders: ["turbozap"],
        });
        expect(event).toMatchObject({ type: "MessageFailed", willRetry: true });
        expect((await repos.jobs.findById(job.id))?.status).toBe("RETRY");
      });

      it("releases the claimed attempts its fences still hold, and only those", async () => {
        const unsent = await givenClaimedJob();
        const taken = await givenClaimedJob();
        const events = await queue.releaseUnsent(
          [unsent.fence, { ...taken.fence, lockedBy: "someone-else" }],
          "worker:w",
        );
        expect(events).toEqual([
          expect.objectContaining({
            type: "MessageFailed",
            jobId: unsent.job.id,
            willRetry: true,
            error: expect.objectContaining({ code: "RELEASED" }),
          }),
        ]);
        const released = (await repos.jobs.findById(unsent.job.id))?.toProps();
        expect(released).toMatchObject({ status: "RETRY", lockedBy: null });
        // Due at once, on the database's clock.
        expect(released?.nextAttemptAt).toEqual(released?.updatedAt);
        expect((await repos.jobs.findById(taken.job.id))?.status).toBe("PROCESSING");
        expect(await queue.releaseUnsent([], "worker:w")).toEqual([]);
      });

      it("finds every job of a selection, oldest first", async () => {
        const a = await givenInstance();
        const b = await givenInstance();
        const failed = [];
        for (const [instance, now] of [
          [a, at(3)],
          [a, at(1)],
          [b, at(2)],
          [a, at(9)],
        ] as const) {
          const { job } = await givenJob({ instance, now });
          const [claimed] = await queue.claim(claimRequest());
          if (!claimed) throw new Error("claim failed");
          await markFailed(
            fenceOfClaim(claimed.job),
            AN_ERROR,
            failedEvent(claimed.job, fenceOfClaim(claimed.job), at(21)),
          );
          failed.push(job.id);
        }
        await givenJob({ instance: a, now: at(2) });
        const ids = async (selection: Partial<Parameters<Repositories["jobs"]["findAll"]>[0]>) =>
          (await repos.jobs.findAll({ organizationId: ORG, status: "FAILED", ...selection })).map(
            (j) => j.id,
          );
        expect(await ids({})).toEqual([failed[1], failed[2], failed[0], failed[3]]);
        expect(await ids({ instanceId: a.id, createdFrom: at(2), createdTo: at(4) })).toEqual([failed[0]]);
        expect(await ids({ instanceId: a.id, createdFrom: at(2), createdTo: at(3) })).toEqual([]);
        expect(await ids({ organizationId: "other" })).toEqual([]);
      });
    });

    describe("unit of work", () => {
      it("commits what a unit writes and returns its result", async () => {
        const instance = anInstance();
        const intent = anApprovedIntent(instance);
        const result = await uow.run(async (tx) => {
          await tx.instances.insert(instance);
          await tx.intents.insert(intent);
          return (await tx.intents.findById(intent.id, { forUpdate: true }))?.status;
        });
        expect(result).toBe("APPROVED");
        expect(await repos.intents.findById(intent.id)).not.toBeNull();
      });

      it("writes nothing when the unit throws", async () => {
        const { intent: existing } = await givenJob();
        const instance = anInstance();
        const intent = anApprovedIntent(instance);
        const { job, event } = aJobFor(intent, instance);
        const run = uow.run(async (tx) => {
          await tx.instances.insert(instance);
          await tx.intents.insert(intent);
          await tx.jobs.createIfNotExists(job, event);
          const locked = await tx.intents.findById(existing.id, { forUpdate: true });
          locked?.drop("changed my mind", at(1), "operator");
          if (locked) await tx.intents.save(locked);
          throw new Error("boom");
        });
        await expect(run).rejects.toThrow("boom");

        expect(await repos.instances.findById(instance.id)).toBeNull();
        expect(await repos.intents.findById(intent.id)).toBeNull();
        expect(await repos.jobs.findById(job.id)).toBeNull();
        expect(await repos.timeline.listForIntent(intent.id)).toEqual([]);
        expect((await repos.intents.findById(existing.id))?.status).toBe("APPROVED");
      });
    });
  });
}

function claimRequest(overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return { workerId: "worker-1", limit: 10, leaseMs: LEASE_MS, perInstanceLimit: 0, ...overrides };
}
