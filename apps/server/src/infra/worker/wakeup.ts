/**
 * A level-triggered signal: a `signal()` that arrives while nobody waits is kept, so the next
 * `wait()` returns at once and no wake-up is lost between a pass and the wait that follows it.
 */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | null = null;

  signal(): void {
    if (this.resolve) {
      const resolve = this.resolve;
      this.resolve = null;
      resolve();
    } else {
      this.pending = true;
    }
  }

  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.resolve = null;
        resolve();
      }, timeoutMs);
      this.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
