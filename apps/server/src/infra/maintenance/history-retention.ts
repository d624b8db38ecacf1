import type { Db } from "../database/database";
import { deleteFinishedIntents } from "../database/sql/delete-finished-intents.sql";
import { deleteFinishedWebhookDeliveries } from "../database/sql/delete-finished-webhook-deliveries.sql";
import { deleteOldGatewayEvents } from "../database/sql/delete-old-gateway-events.sql";
import {
  dropDayPartitionIfUnused,
  listExpiredDayPartitions,
} from "../database/sql/drop-timeline-partition.sql";
import { setLocalLockTimeout } from "../database/sql/set-local-lock-timeout.sql";
import { tryAdvisoryXactLock } from "../database/sql/try-advisory-xact-lock.sql";
import type { Logger } from "../logging/logger";
import { PeriodicTask } from "../worker/periodic-task";
import { PARTITION_LOCK_TIMEOUT_MS } from "./timeline-partition-upkeep";

/** Ages in seconds; null keeps that history forever. */
export interface RetentionSettings {
  finishedIntentsFor: number | null;
  deliveriesFor: number | null;
  gatewayEventsFor: number | null;
  intervalMs: number;
  /** Rows per delete statement: each batch is a short transaction that locks only its own rows. */
  batchSize: number;
  /** Least rest between batches; see BUSY_SHARE. */
  batchPauseMs: number;
}

/** One advisory lock key for retention across every process ("WLretain" in ASCII). */
const RETENTION_LOCK_KEY = 0x574c_7265_7461;

/**
 * Retention keeps its connection busy at most this share of the time: after a batch that took
 * `t` it rests at least `t × (1 / BUSY_SHARE - 1)`. A slow batch (a loaded database) slows the
 * deletes down with it, so that draining a large backlog never crowds out the sends.
 */
const BUSY_SHARE = 0.1;

export interface RetentionPass {
  deliveries: number;
  gatewayEvents: number;
  intents: number;
  /** Day partitions of the timeline dropped whole. */
  timelineDays: string[];
}

type DeleteBatch = (db: Db, ageSeconds: number, limit: number) => Promise<number>;

/**
 * Deletes history older than its retention, in small batches, one process at a time: each batch
 * takes a transaction-level advisory lock first and is skipped when another process holds it.
 * Deliveries go before intents, whose timeline rows they reference, and intents before the
 * timeline's day partitions, which are dropped whole once no remaining intent has a row in them.
 */
export class HistoryRetention {
  private readonly task: PeriodicTask;
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly settings: RetentionSettings,
  ) {
    this.task = new PeriodicTask(settings.intervalMs, () => this.runOnce().then(() => undefined));
  }

  start(): void {
    this.stopping = false;
    this.task.start({ runNow: true });
  }

  /** Stops between batches. */
  stop(): Promise<void> {
    this.stopping = true;
    return this.task.stop();
  }

  /** One pass over every kind of history, until nothing old is left or another process has the lock. */
  async runOnce(): Promise<RetentionPass> {
    const { deliveriesFor, gatewayEventsFor, finishedIntentsFor } = this.settings;
    try {
      return {
        deliveries: await this.drain(deleteFinishedWebhookDeliveries, deliveriesFor),
        gatewayEvents: await this.drain(deleteOldGatewayEvents, gatewayEventsFor),
        intents: await this.drain(deleteFinishedIntents, finishedIntentsFor),
        timelineDays: await this.dropExpiredDays(finishedIntentsFor),
      };
    } catch (error) {
      this.logger.error({ err: error }, "retention failed; retrying at the next interval");
      return { deliveries: 0, gatewayEvents: 0, intents: 0, timelineDays: [] };
    }
  }

  /** Each day in its own transaction under the retention lock; a day still in use is kept for a later pass. */
  private async dropExpiredDays(ageSeconds: number | null): Promise<string[]> {
    if (ageSeconds === null) return [];
    const dropped: string[] = [];
    for (const day of await listExpiredDayPartitions(this.db, ageSeconds)) {
      if (this.stopping) break;
      const gone = await this.db.transaction(async (tx) => {
        if (!(await tryAdvisoryXactLock(tx, RETENTION_LOCK_KEY))) return false;
        await setLocalLockTimeout(tx, PARTITION_LOCK_TIMEOUT_MS);
        return dropDayPartitionIfUnused(tx, day);
      });
      if (gone) dropped.push(day);
    }
    if (dropped.length > 0) this.logger.info({ partitions: dropped }, "retention dropped timeline days");
    return dropped;
  }

  private async drain(deleteBatch: DeleteBatch, ageSeconds: number | null): Promise<number> {
    if (ageSeconds === null) return 0;
    let total = 0;
    while (!this.stopping) {
      const startedAt = performance.now();
      const deleted = await this.db.transaction(async (tx) =>
        (await tryAdvisoryXactLock(tx, RETENTION_LOCK_KEY))
          ? deleteBatch(tx, ageSeconds, this.settings.batchSize)
          : 0,
      );
      total += deleted;
      if (deleted < this.settings.batchSize) break;
      const busyMs = performance.now() - startedAt;
      const restMs = Math.max(this.settings.batchPauseMs, busyMs * (1 / BUSY_SHARE - 1));
      await new Promise((resolve) => setTimeout(resolve, restMs));
    }
    if (total > 0)
      this.logger.info({ deleted: total, kind: deleteBatch.name }, "retention deleted old history");
    return total;
  }
}
