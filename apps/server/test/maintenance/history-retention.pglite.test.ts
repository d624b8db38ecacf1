import { useInMemoryDatabase } from "../support/use-in-memory-database";
import { describeRetentionContract } from "./history-retention-contract";

const freshDatabase = useInMemoryDatabase();

describeRetentionContract("in-memory PGlite", async () => (await freshDatabase()).db);
