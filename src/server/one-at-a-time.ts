/** A chain of async tasks that run one at a time, in the order they were added. */
export interface OneAtATime {
  /** Runs `task` once every task added before it has settled; resolves or rejects as it does. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves once every task added so far has settled; never rejects. */
  settled(): Promise<unknown>;
}

/**
 * Creates a chain of async tasks that never overlap. A failed task does not stop the chain: the
 * next one still runs, and only the caller of the failed one sees its error.
 * @example
 * const writes = oneAtATime(); await writes.run(() => handle.write(bytes))
 */
export function oneAtATime(): OneAtATime {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const run = chain.then(task);
      chain = run.catch(() => undefined);
      return run;
    },
    settled: () => chain,
  };
}
