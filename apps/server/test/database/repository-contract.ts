import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { Repositories, UnitOfWork } from "../../src/application/ports/unit-of-work";
import type { Instance } from "../../src/domain/instance/instance";
import type { MessageIntent } from "../../src/domain/intent/message-intent";
import type { IntentListFilter } from "../../src/domain/intent/message-intent-repository";
import { fenceOfClaim, type JobFence } from "../../src/domain/job/job-fence";
import type { ClaimedJob, JobListFilter } from "../../src/domain/job/message-execution-job-repository";
import { DomainError } from "../../src/domain/shared/domain-error";
import type {
  DomainEvent,
  MessageConfirmedByGateway,
  MessageReceiptEvent,
} from "../../src/domain/timeline/domain-event";
import type { Db } from "../../src/infra/database/database";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { PostgresUnitOfWork } from "../../src/infra/database/repositories/postgres-unit-of-work";
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

    beforeEach(async () => {
      const db = await freshDatabase();
      uow = new PostgresUnitOfWork(db);
      repos = createPostgresRepositories(db);
    });

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
      const [claimed] = await repos.jobs.tryClaim(claimRequest({ jobIds: [given.job.id] }));
      if (!claimed) throw new Error("the job given to the test could not be claimed");
      return { ...given, claimed, fence: fenceOfClaim(claimed.job) };
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
        await givenJob({ instance: busy });
        // Finished jobs do not count: idle has only a FAILED one.
        const { job: finished } = await givenJob({ instance: idle });
        const [claimed] = await repos.jobs.tryClaim(claimRequest({ jobIds: [finished.id] }));
        if (!claimed) throw new Error("claim failed");
        await repos.jobs.markFailed(
          fenceOfClaim(claimed.job),
          AN_ERROR,
          failedEvent(claimed.job, fenceOfClaim(claimed.job), at(1)),
        );

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
        const issued: string[] = [];
        const newId = () => {
          const id = randomUUID();
          issued.push(id);
          return id;
        };

        const request = { limit: 2, maxAttempts: 4, now: at(10), newId };
        const jobs = await repos.jobs.createMissingForApproved(request);
        expect(jobs.map((job) => job.toProps().intentId)).toEqual([older.id, newer.id]);
        const [job] = jobs;
        expect(job?.toProps()).toMatchObject({
          organizationId: ORG,
          instanceId: instance.id,
          provider: "evolution",
          status: "PENDING",
          attempts: 0,
          maxAttempts: 4,
          nextAttemptAt: at(10),
          createdAt: at(10),
          executedAt: null,
        });
        expect(issued).toEqual(expect.arrayContaining(jobs.map((created) => created.id)));
        expect((await repos.jobs.findByIntentId(older.id))?.toProps()).toEqual(job?.toProps());
        const expectedEvent: DomainEvent = {
          type: "ExecutionJobCreated",
          organizationId: ORG,
          intentId: older.id,
          jobId: job?.id ?? "",
          instanceId: instance.id,
          provider: "evolution",
          occurredAt: at(10),
          actor: "system",
        };
        expect((await repos.timeline.listForIntent(older.id)).map((entry) => entry.event)).toEqual([
          expectedEvent,
        ]);

        const rest = await repos.jobs.createMissingForApproved({ ...request, limit: 10 });
        expect(rest.map((created) => created.toProps().intentId)).toEqual([newest.id]);
        expect(await repos.jobs.createMissingForApproved(request)).toEqual([]);
        expect(await timelineTypes(withJob.id)).toEqual(["ExecutionJobCreated"]);
      });
    });

    describe("claiming", () => {
      it("claims a due job: attempts + 1, under a lease, with its intent and instance name", async () => {
        const { instance, intent, job } = await givenJob({ now: at(0) });
        const claimed = await repos.jobs.tryClaim(claimRequest({ now: at(1) }));
        expect(claimed).toHaveLength(1);
        const [first] = claimed;
        expect(first?.job).toEqual({
          ...job.toProps(),
          status: "PROCESSING",
          attempts: 1,
          lockedBy: "worker-1",
          lockedUntil: new Date(at(1).getTime() + LEASE_MS),
          dispatchedAt: at(1),
          updatedAt: at(1),
        });
        expect(first?.intent).toEqual(intent.toProps());
        expect(first?.instanceName).toBe(instance.name);
        expect((await repos.jobs.findById(job.id))?.toProps()).toEqual(first?.job);
        expect(await repos.jobs.tryClaim(claimRequest({ now: at(2) }))).toEqual([]);
      });

      it("claims the oldest due jobs first, up to the limit, and only among jobIds when given", async () => {
        const instance = await givenInstance();
        const { job: third } = await givenJob({ instance, now: at(3) });
        const { job: first } = await givenJob({ instance, now: at(1) });
        const { job: second } = await givenJob({ instance, now: at(2) });
        await givenJob({ instance, now: at(100) });

        const onlySecond = await repos.jobs.tryClaim(claimRequest({ now: at(10), jobIds: [second.id] }));
        expect(onlySecond.map((claimed) => claimed.job.id)).toEqual([second.id]);
        const claimed = await repos.jobs.tryClaim(claimRequest({ now: at(10), limit: 1 }));
        expect(claimed.map((c) => c.job.id)).toEqual([first.id]);
        const rest = await repos.jobs.tryClaim(claimRequest({ now: at(10), limit: 10 }));
        expect(rest.map((c) => c.job.id)).toEqual([third.id]);
      });

      it("never claims a RETRY job before its next attempt time", async () => {
        const { job, fence, claimed } = await givenClaimedJob();
        const retried = await repos.jobs.markRetry(
          fence,
          AN_ERROR,
          at(60),
          failedEvent(claimed.job, fence, at(1), at(60)),
        );
        expect(retried).toBe(true);
        expect(await repos.jobs.tryClaim(claimRequest({ now: at(59) }))).toEqual([]);
        const [again] = await repos.jobs.tryClaim(claimRequest({ now: at(60), workerId: "worker-2" }));
        expect(again?.job).toMatchObject({
          id: job.id,
          status: "PROCESSING",
          attempts: 2,
          lockedBy: "worker-2",
        });
      });

      it("gives each of 200 jobs to exactly one of 8 concurrent claimers", async () => {
        const instance = await givenInstance();
        await Promise.all(Array.from({ length: 200 }, (_, i) => givenApprovedIntent(instance, at(i % 7))));
        const created = await repos.jobs.createMissingForApproved({
          limit: 500,
          maxAttempts: 3,
          now: at(0),
          newId: randomUUID,
        });
        expect(created).toHaveLength(200);

        const claimer = async (worker: number): Promise<string[]> => {
          const mine: string[] = [];
          for (;;) {
            const batch = await repos.jobs.tryClaim(
              claimRequest({ workerId: `worker-${worker}`, limit: 5, now: at(1) }),
            );
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
        expect(await repos.jobs.markSent(fence, "wamid-1", event)).toBe(true);

        expect((await repos.jobs.findById(job.id))?.toProps()).toEqual({
          ...claimed.job,
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

        expect(
          await repos.jobs.markSent(fence, "wamid-2", sentEvent(claimed.job, fence, "wamid-2", at(3))),
        ).toBe(false);
        expect(await repos.timeline.listForIntent(intent.id)).toEqual(timeline);
        expect((await repos.jobs.findById(job.id))?.toProps().providerMessageId).toBe("wamid-1");
      });

      it("markSent calls made together each apply to their own job; a stale fence among them does not", async () => {
        const given = await Promise.all(Array.from({ length: 12 }, () => givenClaimedJob()));
        const send = ({ claimed, fence }: (typeof given)[number]) =>
          repos.jobs.markSent(
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
          repos.jobs.markSent(
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
        expect(await repos.jobs.markFailed(fence, AN_ERROR, event)).toBe(true);
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
        expect(await repos.jobs.markFailed(fence, AN_ERROR, event)).toBe(false);
        expect(await timelineTypes(intent.id)).toEqual(["ExecutionJobCreated", "MessageFailed"]);
      });

      it("markRetry schedules the next attempt and keeps the intent APPROVED, once", async () => {
        const { job, intent, claimed, fence } = await givenClaimedJob();
        const event = failedEvent(claimed.job, fence, at(2), at(30));
        expect(await repos.jobs.markRetry(fence, AN_ERROR, at(30), event)).toBe(true);
        expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
          status: "RETRY",
          nextAttemptAt: at(30),
          lastError: AN_ERROR,
          attempts: 1,
          lockedBy: null,
          executedAt: null,
        });
        expect((await repos.intents.findById(intent.id))?.toProps()).toEqual(intent.toProps());
        expect((await repos.timeline.listForIntent(intent.id)).at(-1)?.event).toEqual(event);
        expect(await repos.jobs.markRetry(fence, AN_ERROR, at(90), event)).toBe(false);
        expect((await repos.jobs.findById(job.id))?.toProps().nextAttemptAt).toEqual(at(30));
      });

      it("markUnconfirmed parks the job and keeps the intent APPROVED, once", async () => {
        const { job, intent, claimed, fence } = await givenClaimedJob();
        const event = unconfirmedEvent(claimed.job, fence, at(2));
        expect(await repos.jobs.markUnconfirmed(fence, AN_ERROR, event)).toBe(true);
        expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
          status: "UNCONFIRMED",
          lastError: AN_ERROR,
          lockedBy: null,
        });
        expect((await repos.intents.findById(intent.id))?.toProps().status).toBe("APPROVED");
        expect(await repos.jobs.markUnconfirmed(fence, AN_ERROR, event)).toBe(false);
        expect(await timelineTypes(intent.id)).toEqual(["ExecutionJobCreated", "MessageUnconfirmed"]);
      });

      const outcomes: { name: string; apply: (claimed: ClaimedJob, fence: JobFence) => Promise<boolean> }[] =
        [
          {
            name: "markSent",
            apply: (claimed, fence) =>
              repos.jobs.markSent(fence, "late", sentEvent(claimed.job, fence, "late", at(5))),
          },
          {
            name: "markRetry",
            apply: (claimed, fence) =>
              repos.jobs.markRetry(fence, AN_ERROR, at(50), failedEvent(claimed.job, fence, at(5), at(50))),
          },
          {
            name: "markFailed",
            apply: (claimed, fence) =>
              repos.jobs.markFailed(fence, AN_ERROR, failedEvent(claimed.job, fence, at(5))),
          },
          {
            name: "markUnconfirmed",
            apply: (claimed, fence) =>
              repos.jobs.markUnconfirmed(fence, AN_ERROR, unconfirmedEvent(claimed.job, fence, at(5))),
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
        await repos.jobs.markRetry(fence, AN_ERROR, at(1), failedEvent(claimed.job, fence, at(1), at(1)));
        const [second] = await repos.jobs.tryClaim(claimRequest({ now: at(2), workerId: "worker-1" }));
        if (!second) throw new Error("re-claim failed");
        expect(await repos.jobs.markSent(fence, "late", sentEvent(claimed.job, fence, "late", at(3)))).toBe(
          false,
        );
        expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
          status: "PROCESSING",
          attempts: 2,
        });
      });

      it("a claim is the dispatch: it stamps dispatchedAt with the claim's time, and a new claim restamps it", async () => {
        const { job } = await givenJob();
        expect((await repos.jobs.findById(job.id))?.toProps().dispatchedAt).toBeNull();
        const [first] = await repos.jobs.tryClaim(claimRequest({ jobIds: [job.id], now: at(4) }));
        expect(first?.job.dispatchedAt).toEqual(at(4));
        expect((await repos.jobs.findById(job.id))?.toProps().dispatchedAt).toEqual(at(4));
        if (!first) throw new Error("claim failed");
        await repos.jobs.releaseUnsent([fenceOfClaim(first.job)], at(5), "worker:w");
        const [second] = await repos.jobs.tryClaim(claimRequest({ jobIds: [job.id], now: at(6) }));
        expect((await repos.jobs.findById(job.id))?.toProps()).toMatchObject({
          attempts: 2,
          dispatchedAt: at(6),
        });
        expect(second?.job.attempts).toBe(2);
      });

      it("saves a job changed by an operator", async () => {
        const { job, claimed, fence } = await givenClaimedJob();
        await repos.jobs.markFailed(fence, AN_ERROR, failedEvent(claimed.job, fence, at(1)));
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
        const [claimed] = await repos.jobs.tryClaim(claimRequest({ jobIds: [given.job.id] }));
        if (!claimed) throw new Error("claim failed");
        const fence = fenceOfClaim(claimed.job);
        await repos.jobs.markUnconfirmed(fence, AN_ERROR, unconfirmedEvent(claimed.job, fence, at(1)));
        return { ...given, claimed, fence };
      }

      function confirmedEvent(claimed: ClaimedJob, messageId: string, now: Date): MessageConfirmedByGateway {
        const { job } = claimed;
        return {
          organizationId: job.organizationId,
          intentId: job.intentId,
          jobId: job.id,
          instanceId: job.instanceId,
          provider: job.provider,
          occurredAt: now,
          actor: "gateway:turbozap",
          type: "MessageConfirmedByGateway",
          attempt: job.attempts,
          providerMessageId: messageId,
        };
      }

      function receiptEvent(claimed: ClaimedJob, now: Date): MessageReceiptEvent {
        const { type: _type, attempt: _attempt, ...base } = confirmedEvent(claimed, "m", now);
        return { ...base, type: "MessageDelivered" };
      }

      it("finds an instance by provider and name", async () => {
        const instance = await givenInstance({ name: "by-name" });
        expect(await repos.instances.findByName("turbozap", "by-name")).toEqual(instance);
        expect(await repos.instances.findByName("evolution", "by-name")).toBeNull();
        expect(await repos.instances.findByName("turbozap", "other")).toBeNull();
      });

      it("finds a job by the provider's message id", async () => {
        const { job, claimed, fence } = await givenClaimedJob();
        expect(await repos.jobs.findByProviderMessageId("wamid-9")).toBeNull();
        await repos.jobs.markSent(fence, "wamid-9", sentEvent(claimed.job, fence, "wamid-9", at(1)));
        expect((await repos.jobs.findByProviderMessageId("wamid-9"))?.id).toBe(job.id);
      });

      it("lists the instance's UNCONFIRMED and PROCESSING attempts dispatched in the window, with intents", async () => {
        const instance = await givenInstance();
        const unconfirmed = await givenUnconfirmedJob(instance);
        const processing = await givenJob({ instance });
        const [claimed] = await repos.jobs.tryClaim(
          claimRequest({ jobIds: [processing.job.id], now: at(2) }),
        );
        if (!claimed) throw new Error("claim failed");
        await givenJob({ instance }); // PENDING: never a candidate
        await givenUnconfirmedJob(); // another instance

        const window = { instanceId: instance.id, limit: 10 };
        const found = await repos.jobs.listConfirmationCandidates({
          ...window,
          dispatchedFrom: at(-1),
          dispatchedTo: at(3),
        });
        expect(found.map((c) => [c.job.id, c.job.status])).toEqual([
          [unconfirmed.job.id, "UNCONFIRMED"],
          [processing.job.id, "PROCESSING"],
        ]);
        expect(found[0]?.intent).toEqual(unconfirmed.intent.toProps());
        const later = await repos.jobs.listConfirmationCandidates({
          ...window,
          dispatchedFrom: at(1),
          dispatchedTo: at(3),
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

      it("records each receipt of an intent once", async () => {
        const { intent, claimed } = await givenUnconfirmedJob();
        const event = receiptEvent(claimed, at(7));
        expect(
          await repos.intents.recordReceipt(intent.id, "read", at(7), { ...event, type: "MessageRead" }),
        ).toBe(true);
        expect(
          await repos.intents.recordReceipt(intent.id, "read", at(8), { ...event, type: "MessageRead" }),
        ).toBe(false);
        expect(await repos.intents.recordReceipt(intent.id, "delivered", at(6), event)).toBe(true);
        expect((await repos.intents.findById(intent.id))?.toProps()).toMatchObject({
          readAt: at(7),
          deliveredAt: at(6),
          playedAt: null,
        });
        expect((await timelineTypes(intent.id)).slice(-2)).toEqual(["MessageRead", "MessageDelivered"]);
      });

      it("keeps gateway reports once each, lists, settles and expires the pending ones", async () => {
        const report = {
          provider: "turbozap",
          instanceName: "i-1",
          kind: "receipt" as const,
          messageId: "wamid-r",
          receiptStatus: "delivered" as const,
          occurredAt: at(1),
          receivedAt: at(1),
          resolution: "pending" as const,
          payload: { status: "delivered" },
        };
        await repos.gatewayEvents.store(report);
        await repos.gatewayEvents.store({ ...report, receivedAt: at(2) });
        await repos.gatewayEvents.store({ ...report, receiptStatus: "read", receivedAt: at(3) });
        await repos.gatewayEvents.store({
          ...report,
          kind: "send",
          receiptStatus: null,
          messageId: "wamid-s",
        });
        const receipts = await repos.gatewayEvents.listPending("receipt", 10);
        expect(receipts.map((e) => [e.receiptStatus, e.receivedAt])).toEqual([
          ["delivered", at(1)],
          ["read", at(3)],
        ]);
        expect(receipts[0]).toMatchObject({ ...report, resolvedAt: null });
        expect((await repos.gatewayEvents.listPending("send", 10)).map((e) => e.messageId)).toEqual([
          "wamid-s",
        ]);

        expect(await repos.gatewayEvents.listSettleableReceipts(10)).toEqual([]);
        const { claimed, fence } = await givenClaimedJob();
        await repos.jobs.markSent(fence, "wamid-r", sentEvent(claimed.job, fence, "wamid-r", at(1)));
        expect((await repos.gatewayEvents.listSettleableReceipts(10)).map((e) => e.id)).toEqual(
          receipts.map((e) => e.id),
        );

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
      const claimedIds = async (overrides: Partial<Parameters<Repositories["jobs"]["tryClaim"]>[0]> = {}) =>
        (await repos.jobs.tryClaim(claimRequest({ now: at(10), ...overrides }))).map((c) => c.job.id);

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
        const [claimed, ...rest] = await repos.jobs.tryClaim(claimRequest({ now: at(10) }));
        expect([claimed?.job.id, ...rest.map((c) => c.job.id)]).toEqual([first.job.id, other.job.id]);
        if (!claimed) throw new Error("nothing claimed");
        expect(await claimedIds()).toEqual([]);
        const fence = fenceOfClaim(claimed.job);
        await repos.jobs.markUnconfirmed(fence, AN_ERROR, unconfirmedEvent(claimed.job, fence, at(11)));
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
            repos.jobs.tryClaim(
              claimRequest({ now: at(20), workerId: `w-${w}`, limit: 5, perInstanceLimit: limit }),
            ),
          );
          const claimed = (await Promise.all(racers)).flat();
          expect(await processingPerInstance()).toEqual([limit, limit]);
          expect(claimed).toHaveLength(limit * 2 - (limit === 2 ? 2 : 0));
        }
      });

      it("extends the leases its fences still hold, in one call", async () => {
        const held = await givenClaimedJob();
        const lost = await givenClaimedJob();
        const extended = await repos.jobs.extendLeases(
          [held.fence, { ...lost.fence, lockedBy: "x" }],
          at(99),
        );
        expect(extended).toEqual([held.job.id]);
        expect((await repos.jobs.findById(held.job.id))?.toProps().lockedUntil).toEqual(at(99));
        expect((await repos.jobs.findById(lost.job.id))?.toProps().lockedUntil).toEqual(
          new Date(T0.getTime() + LEASE_MS),
        );
        expect(await repos.jobs.extendLeases([], at(99))).toEqual([]);
      });

      it("recovers expired leases as UNCONFIRMED (a claim may have been sent), and a late worker writes nothing", async () => {
        const expired = await givenClaimedJob();
        const alive = await givenClaimedJob();
        await repos.jobs.extendLeases([alive.fence], at(999));
        const after = at(LEASE_MS / 1000 + 1);
        const request = { now: after, limit: 10, actor: "worker:recoverer", idempotentProviders: [] };

        const events = await repos.jobs.recoverExpiredLeases(request);
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
        expect(await repos.jobs.recoverExpiredLeases(request)).toEqual([]);

        const { claimed, fence } = expired;
        expect(await repos.jobs.markSent(fence, "late", sentEvent(claimed.job, fence, "late", after))).toBe(
          false,
        );
        expect(await snapshot(expired.job.id, expired.intent.id)).toEqual(unconfirmed);
      });

      it("retries an expired attempt of an idempotent provider instead of leaving it UNCONFIRMED", async () => {
        const { job } = await givenClaimedJob();
        const [event] = await repos.jobs.recoverExpiredLeases({
          now: at(LEASE_MS / 1000 + 1),
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
        const events = await repos.jobs.releaseUnsent(
          [unsent.fence, { ...taken.fence, lockedBy: "someone-else" }],
          at(2),
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
        expect((await repos.jobs.findById(unsent.job.id))?.toProps()).toMatchObject({
          status: "RETRY",
          nextAttemptAt: at(2),
          lockedBy: null,
        });
        expect((await repos.jobs.findById(taken.job.id))?.status).toBe("PROCESSING");
        expect(await repos.jobs.releaseUnsent([], at(2), "worker:w")).toEqual([]);
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
          const [claimed] = await repos.jobs.tryClaim(claimRequest({ now: at(20), jobIds: [job.id] }));
          if (!claimed) throw new Error("claim failed");
          await repos.jobs.markFailed(
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

function claimRequest(overrides: Partial<Parameters<Repositories["jobs"]["tryClaim"]>[0]> = {}) {
  return { workerId: "worker-1", limit: 10, leaseMs: LEASE_MS, now: T0, ...overrides };
}
