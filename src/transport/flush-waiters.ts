/** The `flush()` promises of a page: each resolves once none of the ids it waits for is held. */
export interface FlushWaiters {
  /** A promise for these ids. */
  wait(ids: string[]): Promise<void>;
  /** Resolves the waiters whose ids are all gone from `held`. */
  settle(held: () => string[]): void;
  /** Resolves every waiter (nothing more will be sent by this page). */
  releaseAll(): void;
}

/** Creates an empty {@link FlushWaiters}. */
export function createFlushWaiters(): FlushWaiters {
  const waiters: { ids: string[]; resolve: () => void }[] = [];
  return {
    wait: (ids) => new Promise<void>((resolve) => waiters.push({ ids, resolve })),
    settle(held) {
      if (!waiters.length) return;
      // One set per settle: looking each id up in the queue made a flush() of a 1,000-event burst
      // cost ~50 ms of main thread (ids × events, once per batch).
      const still = new Set(held());
      for (let i = waiters.length - 1; i >= 0; i--) {
        const waiter = waiters[i]!;
        if (!waiter.ids.some((id) => still.has(id))) {
          waiters.splice(i, 1);
          waiter.resolve();
        }
      }
    },
    releaseAll() {
      for (const waiter of waiters.splice(0)) waiter.resolve();
    },
  };
}
