import type { SimSend } from "./types";

export type NewSend = Omit<SimSend, "seq" | "acceptedAt">;

/** Accepted sends in order; the array keeps its identity across clear() so held references stay live. */
export class SendLog {
  readonly sends: SimSend[] = [];
  private nextSeq = 1;

  record(send: NewSend): SimSend {
    const entry: SimSend = { seq: this.nextSeq++, ...send, acceptedAt: new Date() };
    this.sends.push(entry);
    return entry;
  }

  clear(): void {
    this.sends.length = 0;
    this.nextSeq = 1;
  }
}
