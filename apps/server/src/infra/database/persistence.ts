import { sql } from "drizzle-orm";
import type { Repositories, UnitOfWork } from "../../application/ports/unit-of-work";
import type { ApiKeyRepository } from "../../domain/organization/api-key-repository";
import type { Database } from "./database";
import { createPostgresRepositories } from "./repositories/create-postgres-repositories";
import { PostgresApiKeyRepository } from "./repositories/postgres-api-key-repository";
import { PostgresUnitOfWork } from "./repositories/postgres-unit-of-work";

export interface Persistence {
  uow: UnitOfWork;
  /** Outside any unit of work: each call is its own transaction. */
  repos: Repositories;
  apiKeys: ApiKeyRepository;
  /** Resolves when the database answers; the health check. */
  ping(): Promise<void>;
}

export function createPersistence(database: Database): Persistence {
  const { db } = database;
  return {
    uow: new PostgresUnitOfWork(db),
    repos: createPostgresRepositories(db),
    apiKeys: new PostgresApiKeyRepository(db),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
  };
}
