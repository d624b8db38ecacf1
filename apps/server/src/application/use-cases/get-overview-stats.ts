import { INTENT_STATUSES } from "../../domain/intent/intent-status";
import { EXECUTION_STATUSES } from "../../domain/job/execution-status";
import type { Clock } from "../ports/clock";
import type { InstanceLaneStats, OverviewStatsReader } from "../ports/overview-stats-reader";

const WINDOW_MINUTES = 60;
const MINUTE_MS = 60_000;

export interface OverviewStats {
  generatedAt: Date;
  intents: Record<string, number>;
  jobs: Record<string, number>;
  /** One point per minute of the last hour, oldest first; the last one is the current, partial minute. */
  sentPerMinute: { minute: Date; count: number }[];
  failuresByCode: { code: string; count: number }[];
  runnable: { count: number; oldestAgeMs: number | null };
  unconfirmed: number;
  lanes: (Omit<InstanceLaneStats, "sentInWindow"> & { sentLastHour: number })[];
}

function zeroFilled(statuses: readonly string[], counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(statuses.map((status) => [status, counts[status] ?? 0]));
}

/** What the operator overview shows: counts, throughput, failures, backlog and one lane per instance. */
export class GetOverviewStatsQuery {
  constructor(
    private readonly reader: OverviewStatsReader,
    private readonly clock: Clock,
  ) {}

  async execute(organizationId: string): Promise<OverviewStats> {
    const now = this.clock.now();
    const currentMinute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    const from = new Date(currentMinute - (WINDOW_MINUTES - 1) * MINUTE_MS);
    const snapshot = await this.reader.read(organizationId, { from, minutes: WINDOW_MINUTES, now });
    const sent = new Map(snapshot.sentByMinute.map((point) => [point.minute, point.count]));
    const jobs = zeroFilled(EXECUTION_STATUSES, snapshot.jobsByStatus);
    const oldest = snapshot.runnable.oldestCreatedAt;
    return {
      generatedAt: now,
      intents: zeroFilled(INTENT_STATUSES, snapshot.intentsByStatus),
      jobs,
      sentPerMinute: Array.from({ length: WINDOW_MINUTES }, (_, minute) => ({
        minute: new Date(from.getTime() + minute * MINUTE_MS),
        count: sent.get(minute) ?? 0,
      })),
      failuresByCode: snapshot.failuresByCode,
      runnable: {
        count: snapshot.runnable.count,
        oldestAgeMs: oldest ? Math.max(0, now.getTime() - oldest.getTime()) : null,
      },
      unconfirmed: jobs.UNCONFIRMED ?? 0,
      lanes: snapshot.lanes.map(({ sentInWindow, ...lane }) => ({ ...lane, sentLastHour: sentInWindow })),
    };
  }
}
