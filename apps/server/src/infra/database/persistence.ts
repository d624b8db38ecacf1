import { sql } from "drizzle-orm";
import type { JobQueue } from "../../application/ports/job-queue";
import type { OverviewStatsReader } from "../../application/ports/overview-stats-reader";
import type { Repositories, UnitOfWork } from "../../application/ports/unit-of-work";
import type { ApiKeyRepository } from "../../domain/organization/api-key-repository";
import type { TimelineFeed } from "../../domain/timeline/timeline-feed";
import type { WebhookDeliveryRepository } from "../../domain/webhook/webhook-delivery-repository";
import type { WebhookEndpointRepository } from "../../domain/webhook/webhook-endpoint-repository";
import type { JobStatsSource } from "../metrics/job-stats-source";
import { PostgresJobQueue } from "../queue/postgres-job-queue";
import type { Database } from "./database";
import { pendingMigrations } from "./pending-migrations";
import { PostgresOverviewStatsReader } from "./queries/postgres-overview-stats-reader";
import { createPostgresRepositories } from "./repositories/create-postgres-repositories";
import { PostgresApiKeyRepository } from "./repositories/postgres-api-key-repository";
import { PostgresTimelineFeed } from "./repositories/postgres-timeline-feed";
import { PostgresUnitOfWork } from "./repositories/postgres-unit-of-work";
import { PostgresWebhookDeliveryRepository } from "./repositories/postgres-webhook-delivery-repository";
import { PostgresWebhookEndpointRepository } from "./repositories/postgres-webhook-endpoint-repository";
import { countHeldInstances } from "./sql/count-held-instances.sql";
import { countJobsByStatus } from "./sql/count-jobs-by-status.sql";
import { readClockMs } from "./sql/read-clock-ms.sql";
import { returnDueQueuedIntents } from "./sql/return-due-queued-intents.sql";
import { runnableBacklog } from "./sql/runnable-backlog.sql";

export interface Persistence {
  uow: UnitOfWork;
  /** Outside any unit of work: each call is its own transaction. */
  repos: Repositories;
  /** The worker's and maintenance's side of the jobs; never handed to routes. */
  queue: JobQueue;
  /** The timeline as a lossless live stream (SSE). */
  timelineFeed: TimelineFeed;
  webhookEndpoints: WebhookEndpointRepository;
  webhookDeliveries: WebhookDeliveryRepository;
  apiKeys: ApiKeyRepository;
  overviewStats: OverviewStatsReader;
  /** Resolves when the database answers; the health check. */
  ping(): Promise<void>;
  /** The database's clock, in milliseconds since the epoch (DatabaseClock). */
  readClockMs(): Promise<number>;
  /** Tags of shipped migrations this database lacks; the readiness check. */
  pendingMigrations(): Promise<string[]>;
  jobStats: JobStatsSource;
  /** QUEUED intents whose time came go back to the gate (PENDING); returns how many. */
  returnDueQueuedIntents(limit: number): Promise<number>;
}

export function createPersistence(database: Database): Persistence {
  const { db } = database;
  return {
    uow: new PostgresUnitOfWork(db),
    repos: createPostgresRepositories(db),
    queue: new PostgresJobQueue(db),
    timelineFeed: new PostgresTimelineFeed(db),
    webhookEndpoints: new PostgresWebhookEndpointRepository(db),
    webhookDeliveries: new PostgresWebhookDeliveryRepository(db),
    apiKeys: new PostgresApiKeyRepository(db),
    overviewStats: new PostgresOverviewStatsReader(db),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    readClockMs: () => readClockMs(db),
    pendingMigrations: () => pendingMigrations(db),
    jobStats: {
      countByStatus: () => countJobsByStatus(db),
      runnableBacklog: (now) => runnableBacklog(db, now),
      countHeldInstances: () => countHeldInstances(db),
    },
    returnDueQueuedIntents: (limit) => returnDueQueuedIntents(db, limit),
  };
}
