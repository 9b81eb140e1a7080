/** One timeout that is either armed or not: arming it again while armed does nothing. */
export interface Timer {
  /** Runs `run` after `ms` unless already armed. */
  arm(ms: number, run: () => void): void;
  /** Disarms it. */
  clear(): void;
  /** Whether it is armed. */
  readonly armed: boolean;
}

/** Creates a {@link Timer} on the given window's clock (tests pass one with fake timers). */
export function createTimer(win: Pick<Window, 'setTimeout' | 'clearTimeout'>): Timer {
  let id: number | undefined;
  return {
    arm(ms, run) {
      if (id !== undefined) return;
      id = win.setTimeout(() => {
        id = undefined;
        run();
      }, ms);
    },
    clear() {
      if (id !== undefined) win.clearTimeout(id);
      id = undefined;
    },
    get armed() {
      return id !== undefined;
    },
  };
}
