import type { Logger } from "../logging/logger";
import { Wakeup } from "./wakeup";

/** What a claim loop drives: how much room there is, and a claim of at most that much. */
export interface ClaimSource {
  /** Slots free for new work now. */
  freeSlots(): number;
  /** Claims at most `limit` units and starts them without awaiting them; returns how many it claimed. */
  claim(limit: number): Promise<number>;
}

export interface ClaimLoopOptions {
  /** Fallback wake-up when nothing signalled new work. */
  pollIntervalMs: number;
  /** Named in the log line of a failed pass. */
  name: string;
}

/**
 * The one claim loop of the send worker and the webhook deliverer: a pass claims a batch sized
 * to the free slots; a full batch means more may wait, so it goes again at once while slots
 * remain; otherwise it sleeps until woken (new work, a freed slot) or the poll interval. Passes
 * never overlap.
 */
export class ClaimLoop {
  private readonly wakeup = new Wakeup();
  private running = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: ClaimSource,
    private readonly logger: Logger,
    private readonly options: ClaimLoopOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  /** Work may be claimable (new work, a freed slot): run a pass soon. */
  wake(): void {
    this.wakeup.signal();
  }

  /** Ends the loop after the pass in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeup.signal();
    await this.done;
  }

  /** One pass; returns how many units it claimed. */
  async runOnce(): Promise<number> {
    const free = this.source.freeSlots();
    return free > 0 ? this.source.claim(free) : 0;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.source.freeSlots();
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (error) {
        this.logger.error(
          { err: error },
          `${this.options.name} pass failed; retrying after the poll interval`,
        );
      }
      if (this.running && claimed > 0 && claimed === free && this.source.freeSlots() > 0) continue;
      await this.wakeup.wait(this.options.pollIntervalMs);
    }
  }
}
