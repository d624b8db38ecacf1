import type {
  OverviewSnapshot,
  OverviewStatsReader,
  StatsWindow,
} from "../../../application/ports/overview-stats-reader";
import type { Db } from "../database";
import { readOverviewStats } from "../sql/read-overview-stats.sql";

export class PostgresOverviewStatsReader implements OverviewStatsReader {
  constructor(private readonly db: Db) {}

  read(organizationId: string, window: StatsWindow): Promise<OverviewSnapshot> {
    return readOverviewStats(this.db, organizationId, window);
  }
}
