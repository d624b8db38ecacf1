/** What a simulated gateway set in a chat. */
export interface LoggedPresence {
  /** 1, 2, 3... in the order presences were set. */
  seq: number;
  at: Date;
  instance: string;
  /** The chat's normalized JID. */
  to: string;
  /** `composing` ("typing…"), `recording` ("recording audio…"), `paused`, or another state the gateway takes. */
  state: string;
  /** How long the gateway held the request while it showed (Evolution's `delay`); absent elsewhere. */
  delayMs?: number;
}

/** Presence calls in order, so that tests can see "typing…" before a send and for how long. */
export class PresenceLog {
  readonly presences: LoggedPresence[] = [];
  private nextSeq = 1;

  record(presence: Omit<LoggedPresence, "seq" | "at">): LoggedPresence {
    const entry = { seq: this.nextSeq++, ...presence, at: new Date() };
    this.presences.push(entry);
    return entry;
  }

  clear(): void {
    this.presences.length = 0;
    this.nextSeq = 1;
  }
}
