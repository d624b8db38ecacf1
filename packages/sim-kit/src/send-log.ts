/** What every simulator records of an accepted send; each adds its own fields. */
export interface LoggedSend {
  /** 1, 2, 3... in the order sends were accepted. */
  seq: number;
  acceptedAt: Date;
}

/** Accepted sends in order; the array keeps its identity across clear() so held references stay live. */
export class SendLog<S extends LoggedSend> {
  readonly sends: S[] = [];
  private nextSeq = 1;

  record(send: Omit<S, "seq" | "acceptedAt">): S {
    const entry = { seq: this.nextSeq++, ...send, acceptedAt: new Date() } as S;
    this.sends.push(entry);
    return entry;
  }

  clear(): void {
    this.sends.length = 0;
    this.nextSeq = 1;
  }
}
