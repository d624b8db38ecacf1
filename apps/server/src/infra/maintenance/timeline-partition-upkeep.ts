import type { Db } from "../database/database";
import { setLocalLockTimeout } from "../database/sql/set-local-lock-timeout.sql";
import {
  boundDefaultPartition,
  createDayPartitions,
  readDefaultPartitionBound,
  validateDefaultPartitionBound,
} from "../database/sql/timeline-partitions.sql";
import { tryAdvisoryXactLock } from "../database/sql/try-advisory-xact-lock.sql";
import type { Logger } from "../logging/logger";
import type { MaintenanceTask } from "./maintenance-tasks";

export interface TimelinePartitionSettings {
  /** Day partitions are kept created this many days past today; 0 leaves every row in the default partition. */
  daysAhead: number;
}

/** One advisory lock key for partition upkeep across every process ("WLpart" in ASCII). */
const UPKEEP_LOCK_KEY = 0x574c_7061_7274;

/** How long upkeep's DDL waits for a lock before giving up until the next interval. */
export const PARTITION_LOCK_TIMEOUT_MS = 2_000;

/**
 * Keeps the timeline's day partitions created ahead of time, one process at a time. The first run
 * bounds the default partition (a CHECK added NOT VALID, then validated while writes go on), so
 * that every later day's partition is created without a scan; each step is its own transaction.
 */
export class TimelinePartitionUpkeep implements MaintenanceTask {
  readonly name = "timeline partition upkeep";

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly settings: TimelinePartitionSettings,
  ) {}

  async run(): Promise<void> {
    const created = await this.runOnce();
    if (created.length > 0) this.logger.info({ partitions: created }, "timeline partitions created");
  }

  /** Returns the partitions this call created (none when another process holds the upkeep lock). */
  async runOnce(): Promise<string[]> {
    if (this.settings.daysAhead === 0) return [];
    // Each step reads the state again under the lock: another process may have just taken it.
    await this.step(async (tx) => {
      if ((await readDefaultPartitionBound(tx)).bound === null) await boundDefaultPartition(tx);
    });
    await this.step(async (tx) => {
      const state = await readDefaultPartitionBound(tx);
      if (state.bound !== null && !state.validated) await validateDefaultPartitionBound(tx);
    });
    const created = await this.step(async (tx) => {
      const { bound, validated } = await readDefaultPartitionBound(tx);
      return bound !== null && validated ? createDayPartitions(tx, bound, this.settings.daysAhead) : [];
    });
    return created ?? [];
  }

  private step<T>(work: (tx: Db) => Promise<T>): Promise<T | undefined> {
    return this.db.transaction(async (tx) => {
      if (!(await tryAdvisoryXactLock(tx, UPKEEP_LOCK_KEY))) return undefined;
      await setLocalLockTimeout(tx, PARTITION_LOCK_TIMEOUT_MS);
      return work(tx);
    });
  }
}
