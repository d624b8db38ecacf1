import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { systemClock } from "../../src/application/ports/clock";
import type { ConfirmSendFromGatewayUseCase } from "../../src/application/use-cases/confirm-send-from-gateway";
import { SettleSendReportsUseCase } from "../../src/application/use-cases/settle-send-reports";
import type { GatewayEventRepository } from "../../src/domain/gateway/gateway-event-repository";
import type { MessageReceiptEvent } from "../../src/domain/timeline/domain-event";
import { createPostgresRepositories } from "../../src/infra/database/repositories/create-postgres-repositories";
import { queryRows } from "../../src/infra/database/sql/query-rows";
import { CoalescingReceiptInbox } from "../../src/infra/gateway/coalescing-receipt-inbox";
import { createTestDatabase, type TestDatabase } from "../support/create-test-database";
import { ORG } from "../support/fixtures";

// Receipts stored (through the process's coalescing inbox) and applied at the same time by racing appliers, each on its own connection:
// every copy of every receipt twice, delivered and read in any order, some before their send is
// recorded. Each status must land once per intent, with one timeline row.

const MESSAGES = 300;
const LATE = 50;
const APPLIERS = 8;
const BATCH = 25;

let database: TestDatabase;
let gatewayEvents: GatewayEventRepository;
let inbox: CoalescingReceiptInbox;

beforeAll(async () => {
  database = await createTestDatabase({ max: APPLIERS + 4 });
  gatewayEvents = createPostgresRepositories(database.db).gatewayEvents;
  inbox = new CoalescingReceiptInbox(gatewayEvents);
});
afterAll(async () => {
  await database?.close();
});

/** `count` SENT intents with their jobs on instance `name`; the first `carried` jobs carry `<prefix><n>` already. */
async function seedSent(count: number, carried: number, name = "receipts", prefix = "wamid-"): Promise<void> {
  const instanceId = randomUUID();
  await database.db.execute(sql`
    insert into instance (id, organization_id, name, gateway_name, provider, status, created_at, updated_at)
    values (${instanceId}, ${ORG}, ${name}, ${name}, 'turbozap', 'connected', now(), now())`);
  await database.db.execute(sql`
    with intent as (
      insert into message_intent (id, organization_id, target_kind, target_value, type, purpose, payload, status,
                                  decided_by_instance_id, created_at, updated_at, sent_at)
      select gen_random_uuid(), ${ORG}, 'PHONE', '5511900000000', 'TEXT', 'DISPATCH', '{"text":"hi"}', 'SENT',
             ${instanceId}::uuid, now(), now(), now()
      from generate_series(1, ${count}::int)
      returning id
    ), numbered as (select id, row_number() over (order by id) as n from intent)
    insert into message_execution_job (id, organization_id, intent_id, instance_id, recipient, provider, status,
                                       attempts, max_attempts, next_attempt_at, created_at, updated_at,
                                       executed_at, provider_message_id)
    select gen_random_uuid(), ${ORG}, id, ${instanceId}::uuid, '5511900000000', 'turbozap', 'SENT', 1, 5,
           now(), now(), now(), now(), case when n <= ${carried}::int then ${prefix}::text || n end
    from numbered`);
}

function receive(messageId: string, status: "delivered" | "read", copy: number) {
  const when = new Date(Date.UTC(2026, 0, 1, 12, 0, status === "read" ? 30 : 0, copy));
  return inbox.store({
    provider: "turbozap",
    instanceName: copy % 2 === 0 ? "receipts" : "receipts-alias",
    kind: "receipt",
    messageId,
    receiptStatus: status,
    occurredAt: when,
    receivedAt: new Date(),
    resolution: "received",
    payload: {},
  });
}

/** Every receipt of `messageIds` twice each, reads and delivereds shuffled together, 20 at a time. */
async function receiveAll(messageIds: string[]): Promise<void> {
  const posts = messageIds.flatMap((id) =>
    [0, 1].flatMap((copy) => [() => receive(id, "read", copy), () => receive(id, "delivered", copy)]),
  );
  posts.sort(() => Math.random() - 0.5);
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = next++; i < posts.length; i = next++) await posts[i]?.();
    }),
  );
}

/** Appliers racing until `done()` and nothing is left for them. */
async function race(source: "received" | "pending", done: () => boolean): Promise<MessageReceiptEvent[]> {
  const published: MessageReceiptEvent[] = [];
  await Promise.all(
    Array.from({ length: APPLIERS }, async () => {
      for (;;) {
        const { taken, events } = await gatewayEvents.applyReceipts(source, BATCH, new Date());
        published.push(...events);
        if (taken === 0 && done()) return;
      }
    }),
  );
  return published;
}

async function counts() {
  const [row] = await queryRows<{ delivered: number; read: number; rows: number; received: number }>(
    database.db,
    sql`select (select count(*) from message_intent where delivered_at is not null)::int as delivered,
               (select count(*) from message_intent where read_at is not null)::int as read,
               (select count(*) from timeline_event where type in ('MessageDelivered', 'MessageRead'))::int as rows,
               (select count(*) from gateway_event where resolution = 'received')::int as received`,
  );
  return row;
}

const keysOf = (events: MessageReceiptEvent[]) => events.map((e) => `${e.intentId}/${e.type}`);

it("records every receipt once while 8 appliers race the arrivals, and the late ones once their send is known", async () => {
  await seedSent(MESSAGES + LATE, MESSAGES);
  const carriedIds = Array.from({ length: MESSAGES }, (_, i) => `wamid-${i + 1}`);
  const lateIds = Array.from({ length: LATE }, (_, i) => `wamid-${MESSAGES + i + 1}`);
  let arriving = true;
  const [, published] = await Promise.all([
    receiveAll([...carriedIds, ...lateIds]).finally(() => {
      arriving = false;
    }),
    race("received", () => !arriving),
  ]);
  expect(await counts()).toEqual({ delivered: MESSAGES, read: MESSAGES, rows: 2 * MESSAGES, received: 0 });
  expect(published).toHaveLength(2 * MESSAGES);
  expect(new Set(keysOf(published)).size).toBe(2 * MESSAGES);
  const [kept] = await queryRows<{ pending: number }>(
    database.db,
    sql`select count(*)::int as pending from gateway_event where resolution = 'pending'`,
  );
  // Each late message's delivered and read under two instance names: four kept reports.
  expect(kept?.pending).toBe(4 * LATE);

  // Their sends become known (as a confirmation sets the id); racing reconcilers apply them once.
  await database.db.execute(sql`
    update message_execution_job set provider_message_id = 'wamid-' || (${MESSAGES}::int + n)
    from (select id, row_number() over (order by id) as n from message_execution_job
          where provider_message_id is null) late
    where late.id = message_execution_job.id`);
  const late = await race("pending", () => true);
  expect(new Set(keysOf(late)).size).toBe(2 * LATE);
  expect(late).toHaveLength(2 * LATE);
  expect(await counts()).toEqual({
    delivered: MESSAGES + LATE,
    read: MESSAGES + LATE,
    rows: 2 * (MESSAGES + LATE),
    received: 0,
  });
});

it("settles every send report a job already carries in one statement, and looks one by one only at the others", async () => {
  const KNOWN = 200;
  const UNKNOWN = 20;
  await seedSent(KNOWN + UNKNOWN, KNOWN, "sends", "sent-");
  const ids = Array.from({ length: KNOWN + UNKNOWN }, (_, i) => `sent-${i + 1}`);
  const stored = await Promise.all(
    ids.map((messageId) =>
      inbox.store({
        provider: "turbozap",
        instanceName: "sends",
        kind: "send",
        messageId,
        receiptStatus: null,
        occurredAt: new Date(),
        receivedAt: new Date(),
        resolution: "received",
        payload: { report: { to: "5511900000000", messageType: "text", content: "hi", caption: null } },
      }),
    ),
  );
  expect(stored.every(Boolean)).toBe(true);
  // The per-report look, recorded: the batch must not need it for a report whose id a job carries.
  const looked: string[] = [];
  const confirmSend = {
    settle: async (report: { messageId: string }) => {
      looked.push(report.messageId);
      return "pending" as const;
    },
  } as unknown as ConfirmSendFromGatewayUseCase;
  const settle = new SettleSendReportsUseCase(
    createPostgresRepositories(database.db),
    confirmSend,
    systemClock,
  );
  const sendResolutions = async () =>
    queryRows<{ resolution: string; n: number }>(
      database.db,
      sql`select resolution, count(*)::int as n from gateway_event where kind = 'send'
          group by resolution order by resolution`,
    );

  expect(await settle.runOnce("received", 1_000)).toEqual({ taken: KNOWN + UNKNOWN, settled: KNOWN });
  expect(looked).toEqual([]);
  expect(await sendResolutions()).toEqual([
    { resolution: "pending", n: UNKNOWN },
    { resolution: "settled", n: KNOWN },
  ]);

  // Half the others' answers arrive: the reconciler's batch settles those at once, and looks at the rest.
  await database.db.execute(sql`
    update message_execution_job set provider_message_id = 'sent-' || (${KNOWN}::int + n)
    from (select id, row_number() over (order by id) as n from message_execution_job
          where provider_message_id is null limit ${UNKNOWN / 2}::int) late
    where late.id = message_execution_job.id`);
  expect(await settle.runOnce("pending", 1_000)).toEqual({ taken: UNKNOWN, settled: UNKNOWN / 2 });
  expect(looked.sort()).toEqual(ids.slice(KNOWN + UNKNOWN / 2).sort());
  expect(await sendResolutions()).toEqual([
    { resolution: "pending", n: UNKNOWN / 2 },
    { resolution: "settled", n: KNOWN + UNKNOWN / 2 },
  ]);
});
