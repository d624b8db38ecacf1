/**
 * One key check for all the streams of one API key: a result is reused for half the streams'
 * check interval, so a key holding many open streams costs one query per interval, not one per
 * stream, and a revocation is still seen within the interval.
 */
export class SharedKeyCheck {
  private readonly recent = new Map<string, { at: number; active: Promise<boolean> }>();

  constructor(
    private readonly check: (keyId: string) => Promise<boolean>,
    private readonly intervalMs: number,
  ) {}

  isActive(keyId: string): Promise<boolean> {
    const now = Date.now();
    const cached = this.recent.get(keyId);
    if (cached && now - cached.at < this.intervalMs / 2) return cached.active;
    const active = this.check(keyId);
    this.recent.set(keyId, { at: now, active });
    // A failed check is not reused: the next one asks again.
    active.catch(() => this.recent.delete(keyId));
    return active;
  }
}
