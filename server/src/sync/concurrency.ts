// Small concurrency tools for the runner: a bounded worker pool and a mutex.

/**
 * Runs `work` for every item, at most `limit` at a time, in the items' order. Resolves once every
 * started call has settled (nothing keeps running behind the caller's back); rejects with the first
 * error if any call threw.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (errors.length > 0) throw errors[0];
}

/** First come, first served mutual exclusion for async sections. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const before = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await before;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
