import type {
  InstanceLaneStats,
  OverviewSnapshot,
  OverviewStatsReader,
  StatsWindow,
} from "../../application/ports/overview-stats-reader";
import type { MessageExecutionJobProps } from "../../domain/job/message-execution-job";
import type { StoreAccess } from "./in-memory-store";

const MINUTE_MS = 60_000;

function countBy<T>(items: readonly T[], key: (item: T) => string | number): Map<string | number, number> {
  const counts = new Map<string | number, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function isDue(job: MessageExecutionJobProps, now: Date): boolean {
  return (job.status === "PENDING" || job.status === "RETRY") && job.nextAttemptAt <= now;
}

export class InMemoryOverviewStatsReader implements OverviewStatsReader {
  constructor(private readonly access: StoreAccess) {}

  read(organizationId: string, window: StatsWindow): Promise<OverviewSnapshot> {
    return this.access((state) => {
      const jobs = [...state.jobs.values()].filter((job) => job.organizationId === organizationId);
      const intents = [...state.intents.values()].filter((i) => i.organizationId === organizationId);
      const sent = jobs
        .filter((job) => job.status === "SENT" && job.executedAt)
        .map((job) => ({
          job,
          minute: Math.floor(((job.executedAt as Date).getTime() - window.from.getTime()) / MINUTE_MS),
        }))
        .filter(({ job, minute }) => minute >= 0 && (job.executedAt as Date) <= window.now);
      const runnable = jobs.filter((job) => isDue(job, window.now));
      const oldest = Math.min(...runnable.map((job) => job.createdAt.getTime()));
      const lanes: InstanceLaneStats[] = [...state.instances.values()]
        .filter((instance) => instance.organizationId === organizationId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name))
        .map((instance) => {
          const own = jobs.filter((job) => job.instanceId === instance.id);
          return {
            instanceId: instance.id,
            name: instance.name,
            status: instance.status,
            inFlight: own.filter((job) => job.status === "PROCESSING").length,
            waiting: own.filter((job) => job.status === "PENDING" || job.status === "RETRY").length,
            sentInWindow: sent.filter(({ job }) => job.instanceId === instance.id).length,
          };
        });
      const failures = countBy(
        jobs.filter((job) => job.status === "FAILED"),
        (job) => job.lastError?.code ?? "UNKNOWN",
      );
      return {
        intentsByStatus: Object.fromEntries(countBy(intents, (intent) => intent.status)),
        jobsByStatus: Object.fromEntries(countBy(jobs, (job) => job.status)),
        sentByMinute: [
          ...countBy(
            sent.filter(({ minute }) => minute < window.minutes),
            (s) => s.minute,
          ),
        ]
          .map(([minute, count]) => ({ minute: minute as number, count }))
          .sort((a, b) => a.minute - b.minute),
        failuresByCode: [...failures]
          .map(([code, count]) => ({ code: code as string, count }))
          .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
        runnable: { count: runnable.length, oldestCreatedAt: runnable.length ? new Date(oldest) : null },
        lanes,
      };
    });
  }
}
