import pino from "pino";
import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/application/ports/clock";
import type { WhatsAppProvider } from "../../src/application/ports/provider-registry";
import type { SendOutcome } from "../../src/application/ports/whatsapp-provider-port";
import type { DomainEvent } from "../../src/domain/timeline/domain-event";
import { createExecutor } from "../../src/infra/composition/create-executor";
import { StaticProviderRegistry } from "../../src/infra/composition/static-provider-registry";
import { createPersistence } from "../../src/infra/database/persistence";
import { testSettings } from "../support/test-settings";
import { useInMemoryDatabase } from "../support/use-in-memory-database";

const freshDatabase = useInMemoryDatabase();

/** A provider whose every send answers `next()`; it records what it was asked. */
function scriptedProvider(next: () => SendOutcome | Promise<SendOutcome>, idempotencyKey = false) {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string) =>
    async (...args: unknown[]) => {
      calls.push({ method, args });
      return next();
    };
  const provider: WhatsAppProvider = {
    name: "turbozap",
    capabilities: { idempotencyKey },
    send: record("send"),
    ensureInstance: async () => ({ status: "connected", phoneNumber: "5511900000000" }),
    getInstanceState: async () => ({ status: "connected", phoneNumber: "5511900000000" }),
    configureWebhook: async () => true,
    pairingQr: async () => ({ kind: "connected" }),
    removeInstance: async () => true,
  };
  return { provider, calls };
}

async function setup(next: () => SendOutcome | Promise<SendOutcome>, options: { idempotent?: boolean } = {}) {
  const persistence = createPersistence(await freshDatabase());
  const { repos, queue } = persistence;
  const { provider, calls } = scriptedProvider(next, options.idempotent);
  // The approval stamps the job due at this host's now; claims compare it with the database's.
  let now = new Date();
  const clock: Clock = { now: () => now };
  const executor = createExecutor({
    ...persistence,
    providers: new StaticProviderRegistry([provider]),
    logger: pino({ level: "silent" }),
    settings: testSettings({ MAX_ATTEMPTS: 2 }),
    workerId: "worker-1",
    clock,
  });
  const events: DomainEvent[] = [];
  executor.bus.subscribe((e) => events.push(e));
  const instance = await executor.http.registerInstance.execute({ organizationId: "org", name: "i-1" });
  const intent = await executor.http.createIntent.execute({
    organizationId: "org",
    target: { kind: "GROUP", value: "120363000000000000" },
    purpose: "DISPATCH",
    content: { type: "REACTION", payload: { messageRef: "3EB0AAAAAAAAAAAAAAAAAA", emoji: "👍" } },
  });
  const { job } = await executor.http.approveIntent.execute({
    organizationId: "org",
    intentId: intent.id,
    instanceId: instance.id,
    actor: "test",
  });
  const attemptOnly = async () => {
    const [claimed] = await queue.claim({ workerId: "w", limit: 1, leaseMs: 1000, perInstanceLimit: 0 });
    if (!claimed) throw new Error("nothing to claim");
    return { claimed, outcome: await executor.attempt.attempt(claimed) };
  };
  /** Claim → attempt → record, as the worker does; returns the outcome if it was recorded. */
  const run = async () => {
    const { outcome } = await attemptOnly();
    const { events: recorded, holds } = await queue.complete({ dispatches: [], outcomes: [outcome] });
    executor.bus.publish([...recorded, ...holds]);
    return recorded.length === 1 ? outcome.status : "STALE";
  };
  const state = async () => ({
    job: (await repos.jobs.findById(job.id))?.toProps(),
    intent: (await repos.intents.findById(intent.id))?.toProps(),
  });
  /** The host's clock for the events; due times are the database's, so a retry also needs its delay to pass. */
  const advance = async (ms: number) => {
    now = new Date(now.getTime() + ms);
    await new Promise((resolve) => setTimeout(resolve, testSettings().RETRY_MAX_DELAY_MS));
  };
  return {
    run,
    attemptOnly,
    state,
    calls,
    events,
    advance,
    jobId: job.id,
    instanceId: instance.id,
    executor,
    repos,
  };
}

describe("AttemptClaimedJobUseCase (in-memory PGlite, scripted provider)", () => {
  it("maps the payload to the provider command with the job id as idempotency key", async () => {
    const t = await setup(() => ({ kind: "sent", messageId: "3EB0BBBBBBBBBBBBBBBBBB" }));
    expect(await t.run()).toBe("SENT");
    expect(t.calls).toEqual([
      {
        method: "send",
        args: [
          "i-1",
          "120363000000000000@g.us",
          { type: "REACTION", payload: { messageRef: "3EB0AAAAAAAAAAAAAAAAAA", emoji: "👍" } },
          { idempotencyKey: t.jobId },
        ],
      },
    ]);
    const { job, intent } = await t.state();
    expect(job).toMatchObject({ status: "SENT", providerMessageId: "3EB0BBBBBBBBBBBBBBBBBB" });
    expect(intent?.status).toBe("SENT");
    expect(t.events.at(-1)).toMatchObject({ type: "MessageSent", attempt: 1 });
  });

  it("retries a retryable outcome, then fails at MAX_ATTEMPTS", async () => {
    const t = await setup(() => ({ kind: "retryable", code: "HTTP_503", message: "busy" }));
    expect(await t.run()).toBe("RETRY");
    await t.advance(1_000);
    expect(await t.run()).toBe("FAILED");
    const { job, intent } = await t.state();
    expect(job).toMatchObject({
      status: "FAILED",
      attempts: 2,
      lastError: { code: "HTTP_503", message: "busy" },
    });
    expect(intent?.status).toBe("FAILED");
  });

  it("records an unknown outcome as UNCONFIRMED for a provider without idempotency keys", async () => {
    const t = await setup(() => ({ kind: "unknown", code: "TIMEOUT", message: "no answer" }));
    expect(await t.run()).toBe("UNCONFIRMED");
    expect((await t.state()).job).toMatchObject({ status: "UNCONFIRMED", lastError: { code: "TIMEOUT" } });
    expect(t.events.at(-1)).toMatchObject({ type: "MessageUnconfirmed", attempt: 1 });
  });

  it("retries an unknown outcome when the provider dedupes on the idempotency key", async () => {
    const t = await setup(() => ({ kind: "unknown", code: "TIMEOUT", message: "no answer" }), {
      idempotent: true,
    });
    expect(await t.run()).toBe("RETRY");
  });

  it("treats an adapter that throws as an unknown outcome, never as a retry", async () => {
    const t = await setup(() => {
      throw new Error("bug in adapter");
    });
    expect(await t.run()).toBe("UNCONFIRMED");
    expect((await t.state()).job?.lastError).toEqual({
      code: "PROVIDER_ADAPTER_ERROR",
      message: "bug in adapter",
    });
  });

  it("fails a permanent outcome at once", async () => {
    const t = await setup(() => ({ kind: "permanent", code: "INVALID_PAYLOAD", message: "bad" }));
    expect(await t.run()).toBe("FAILED");
    expect(t.events.at(-1)).toMatchObject({ type: "MessageFailed", willRetry: false, nextAttemptAt: null });
  });

  it("decides without writing: an attempt's outcome changes nothing until it is recorded", async () => {
    const t = await setup(() => ({ kind: "sent", messageId: "3EB0CCCCCCCCCCCCCCCCCC" }));
    const { claimed, outcome } = await t.attemptOnly();
    expect(outcome).toMatchObject({ status: "SENT", event: { providerMessageId: "3EB0CCCCCCCCCCCCCCCCCC" } });
    expect((await t.state()).job).toEqual(claimed.job);
    expect(t.events.map((e) => e.type)).not.toContain("MessageSent");
  });

  it("holds the number on an unavailable answer: the attempt is given back and nothing is claimed until it connects", async () => {
    let answer: SendOutcome = {
      kind: "unavailable",
      code: "INSTANCE_NOT_CONNECTED",
      message: "down",
      scope: "instance",
    };
    const t = await setup(() => answer);
    expect(await t.run()).toBe("UNAVAILABLE");
    expect(await t.repos.instances.findById(t.instanceId)).toMatchObject({
      status: "disconnected",
      hold: { code: "INSTANCE_NOT_CONNECTED", message: "down" },
    });
    // maxAttempts 2: the held attempt is not counted against it.
    expect((await t.state()).job).toMatchObject({ status: "RETRY", attempts: 1, maxAttempts: 3 });
    expect(t.events.slice(-2)).toMatchObject([
      { type: "MessageFailed", willRetry: true, nextAttemptAt: null },
      { type: "InstanceDisconnected", instanceId: t.instanceId, error: { code: "INSTANCE_NOT_CONNECTED" } },
    ]);
    await expect(t.attemptOnly()).rejects.toThrow("nothing to claim");

    // The gateway's connection.update (or the prober hearing "connected") lifts the hold.
    await t.executor.http.webhooks.updateConnection.execute({
      provider: "turbozap",
      instanceName: "i-1",
      occurredAt: new Date(),
      payload: {},
      status: "connected",
      phoneNumber: null,
      loggedOut: false,
    });
    expect(t.events.at(-1)).toMatchObject({ type: "InstanceReconnected", instanceId: t.instanceId });
    answer = { kind: "sent", messageId: "3EB0DDDDDDDDDDDDDDDDDD" };
    expect(await t.run()).toBe("SENT");
    expect((await t.repos.instances.findById(t.instanceId))?.hold).toBeNull();
  });

  it("holds every number of the gateway when the gateway itself cannot be reached", async () => {
    const t = await setup(() => ({
      kind: "unavailable",
      code: "NETWORK_ERROR",
      message: "gateway unreachable",
      scope: "gateway",
    }));
    const other = await t.executor.http.registerInstance.execute({ organizationId: "org-2", name: "i-2" });
    expect(await t.run()).toBe("UNAVAILABLE");
    for (const id of [t.instanceId, other.id]) {
      expect(await t.repos.instances.findById(id)).toMatchObject({
        status: "unavailable",
        hold: { code: "NETWORK_ERROR" },
      });
    }
  });
});
