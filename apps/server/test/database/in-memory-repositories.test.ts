import { createInMemoryRepositories } from "../../src/infra/memory/create-in-memory-repositories";
import { InMemoryStore } from "../../src/infra/memory/in-memory-store";
import { InMemoryUnitOfWork } from "../../src/infra/memory/in-memory-unit-of-work";
import { describeRepositoryContract } from "./repository-contract";

describeRepositoryContract("in-memory", async () => {
  const store = new InMemoryStore();
  return {
    uow: new InMemoryUnitOfWork(store),
    repos: createInMemoryRepositories(store),
    close: async () => {},
  };
});
