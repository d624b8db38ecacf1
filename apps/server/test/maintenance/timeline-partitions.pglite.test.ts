import { useInMemoryDatabase } from "../support/use-in-memory-database";
import { describeTimelinePartitionContract } from "./timeline-partitions-contract";

const freshDatabase = useInMemoryDatabase();

describeTimelinePartitionContract("in-memory PGlite", async () => (await freshDatabase()).db);
