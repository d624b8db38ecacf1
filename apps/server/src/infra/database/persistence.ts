import { sql } from "drizzle-orm";
import type { OverviewStatsReader } from "../../application/ports/overview-stats-reader";
import type { Repositories, UnitOfWork } from "../../application/ports/unit-of-work";
import type { ApiKeyRepository } from "../../domain/organization/api-key-repository";
import type { JobStatsSource } from "../metrics/job-stats-source";
import type { Database } from "./database";
import { pendingMigrations } from "./pending-migrations";
import { PostgresOverviewStatsReader } from "./queries/postgres-overview-stats-reader";
import { createPostgresRepositories } from "./repositories/create-postgres-repositories";
import { PostgresApiKeyRepository } from "./repositories/postgres-api-key-repository";
import { PostgresUnitOfWork } from "./repositories/postgres-unit-of-work";
import { countJobsByStatus } from "./sql/count-jobs-by-status.sql";
import { runnableBacklog } from "./sql/runnable-backlog.sql";

export interface Persistence {
  uow: UnitOfWork;
  /** Outside any unit of work: each call is its own transaction. */
  repos: Repositories;
  apiKeys: ApiKeyRepository;
  overviewStats: OverviewStatsReader;
  /** Resolves when the database answers; the health check. */
  ping(): Promise<void>;
  /** Tags of shipped migrations this database lacks; the readiness check. */
  pendingMigrations(): Promise<string[]>;
  jobStats: JobStatsSource;
}

export function createPersistence(database: Database): Persistence {
  const { db } = database;
  return {
    uow: new PostgresUnitOfWork(db),
    repos: createPostgresRepositories(db),
    apiKeys: new PostgresApiKeyRepository(db),
    overviewStats: new PostgresOverviewStatsReader(db),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    pendingMigrations: () => pendingMigrations(db),
    jobStats: {
      countByStatus: () => countJobsByStatus(db),
      runnableBacklog: (now) => runnableBacklog(db, now),
    },
  };
}
