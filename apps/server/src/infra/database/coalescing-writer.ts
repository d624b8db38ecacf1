/**
 * Coalesces concurrent writes into batches: the first write goes out at once; writes that arrive
 * while a batch is in flight wait for it and then go out together as the next batch. Under load,
 * N concurrent outcomes cost about one statement (and one commit) per batch instead of N; alone, a
 * write waits for nothing. Each caller gets its own item's answer, or the batch's error.
 */
export class CoalescingWriter<Item, Answer> {
  private queue: { item: Item; resolve(answer: Answer): void; reject(error: unknown): void }[] = [];
  private writing = false;

  constructor(
    private readonly writeBatch: (items: readonly Item[]) => Promise<(item: Item) => Answer>,
    private readonly maxBatch = 500,
  ) {}

  write(item: Item): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const answerFor = await this.writeBatch(batch.map((entry) => entry.item));
        for (const entry of batch) entry.resolve(answerFor(entry.item));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.writing = false;
  }
}
