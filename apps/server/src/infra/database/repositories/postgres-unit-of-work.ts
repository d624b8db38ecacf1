import type { Repositories, UnitOfWork } from "../../../application/ports/unit-of-work";
import type { Db } from "../database";
import { createPostgresRepositories } from "./create-postgres-repositories";

export class PostgresUnitOfWork implements UnitOfWork {
  constructor(private readonly db: Db) {}

  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(createPostgresRepositories(tx)));
  }
}
