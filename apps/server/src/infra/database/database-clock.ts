import type { Clock } from "../../application/ports/clock";

/** How often the offset is measured again (a host's clock may be stepped by NTP meanwhile). */
export const DATABASE_CLOCK_SYNC_INTERVAL_MS = 60_000;

/**
 * This host's clock read on the database's: the time at which the database last answered, plus
 * what this host's clock has run since. Job creation and operator actions build rows and events in
 * TypeScript (created_at, next_attempt_at, the events' times, a scheduled send compared with now),
 * so an API host whose clock is off would schedule jobs early or late and misorder a lead's
 * messages; leases and due times on the worker side are compared in SQL on `now()` already. One
 * sample a minute costs no round trip per request; hosts' clocks drift milliseconds a day.
 */
export class DatabaseClock implements Clock {
  private constructor(
    private readonly host: Clock,
    private readonly readDatabaseMs: () => Promise<number>,
    private offsetMs: number,
  ) {}

  static async synchronized(host: Clock, readDatabaseMs: () => Promise<number>): Promise<DatabaseClock> {
    const clock = new DatabaseClock(host, readDatabaseMs, 0);
    await clock.synchronize();
    return clock;
  }

  now(): Date {
    return new Date(this.host.now().getTime() + this.offsetMs);
  }

  /** The database's clock is read halfway through the round trip, as NTP assumes. */
  async synchronize(): Promise<void> {
    const sent = this.host.now().getTime();
    const databaseMs = await this.readDatabaseMs();
    const received = this.host.now().getTime();
    this.offsetMs = databaseMs - (sent + received) / 2;
  }
}
