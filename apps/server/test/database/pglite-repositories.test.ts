import { useInMemoryDatabase } from "../support/use-in-memory-database";
import { describeRepositoryContract } from "./repository-contract";

const freshDatabase = useInMemoryDatabase();

describeRepositoryContract("in-memory PGlite", async () => (await freshDatabase()).db);
