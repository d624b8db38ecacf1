/** One recipient-check call to a simulated gateway. */
export interface LoggedCheck {
  at: Date;
  instance: string;
  /** The numbers asked, as the caller wrote them. */
  numbers: string[];
}

/** Recipient-check calls in order, so that tests can count the lookups a sender made. */
export class CheckLog {
  readonly checks: LoggedCheck[] = [];

  record(instance: string, numbers: string[]): void {
    this.checks.push({ at: new Date(), instance, numbers });
  }

  clear(): void {
    this.checks.length = 0;
  }
}
