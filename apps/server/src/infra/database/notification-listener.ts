import pg from "pg";
import type { Logger } from "../logging/logger";

const RECONNECT_DELAY_MS = 1_000;

export interface NotificationListener {
  close(): Promise<void>;
}

/** What to call when a channel is notified; also called on every reconnect. */
export type NotificationHandlers = Readonly<Record<string, () => void>>;

/**
 * Holds one dedicated connection (outside the pool: LISTEN belongs to a session) listening on the
 * given channels, and calls a channel's handler for each of its notifications. A lost connection
 * is reopened; since notifications sent meanwhile are lost, every handler is also called on each
 * reconnect. Polling stays the fallback for what no notification announces (a retry coming due).
 */
export async function listenForNotifications(
  databaseUrl: string,
  handlers: NotificationHandlers,
  logger: Logger,
): Promise<NotificationListener> {
  const channels = Object.keys(handlers);
  const callAll = () => {
    for (const handler of Object.values(handlers)) handler();
  };
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || closed) return;
      lost = true;
      logger.warn({ err: error, channels }, "notification listener connection lost; reconnecting");
      void next.end().catch(() => {});
      schedule();
    };
    next.on("notification", (message) => handlers[message.channel]?.());
    next.on("error", onLost);
    next.on("end", () => onLost());
    await next.connect();
    for (const channel of channels) await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    client = next;
  };

  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(callAll, (error: unknown) => {
        logger.warn({ err: error, channels }, "notification listener cannot reconnect yet");
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
