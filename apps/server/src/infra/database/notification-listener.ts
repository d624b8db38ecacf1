import pg from "pg";
import type { Logger } from "../logging/logger";

/** The channel the migration's trigger notifies when a job becomes runnable. */
export const RUNNABLE_JOB_CHANNEL = "message_execution_job_runnable";

const RECONNECT_DELAY_MS = 1_000;

export interface RunnableJobListener {
  close(): Promise<void>;
}

/**
 * Holds one dedicated connection (outside the pool: LISTEN belongs to a session) listening on the
 * runnable-job channel, and calls `onRunnable` for every notification. A lost connection is
 * reopened; since notifications sent meanwhile are lost, `onRunnable` is also called on every
 * reconnect. Polling stays the fallback for what no notification announces (a retry coming due).
 */
export async function listenForRunnableJobs(
  databaseUrl: string,
  onRunnable: () => void,
  logger: Logger,
): Promise<RunnableJobListener> {
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || closed) return;
      lost = true;
      logger.warn({ err: error }, "runnable-job listener connection lost; reconnecting");
      void next.end().catch(() => {});
      schedule();
    };
    next.on("notification", () => onRunnable());
    next.on("error", onLost);
    next.on("end", () => onLost());
    await next.connect();
    await next.query(`listen ${RUNNABLE_JOB_CHANNEL}`);
    client = next;
  };

  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(onRunnable, (error: unknown) => {
        logger.warn({ err: error }, "runnable-job listener cannot reconnect yet");
        schedule();
      });
    }, RECONNECT_DELAY_MS);
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
