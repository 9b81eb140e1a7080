/** Stores and sends what was queued, in a task of its own after the tracking call. */
export interface Tick {
  /** Asks for a tick (at once for a macro conversion: `urgent`). */
  schedule(urgent: boolean): void;
  /** Cancels a tick not yet run. */
  cancel(): void;
}

/**
 * Creates a {@link Tick} that calls `run` once per task however many events were queued in it.
 * A task of its own, not a microtask: serialising and storing a burst of events must not lengthen
 * the page's task that tracked them (a long task). pagehide stores what is left.
 */
export function createTick(win: Window, run: (urgent: boolean) => void): Tick {
  let timer: number | undefined;
  let urgent = false;
  return {
    schedule(now) {
      urgent ||= now;
      if (timer !== undefined) return;
      timer = win.setTimeout(() => {
        timer = undefined;
        const wasUrgent = urgent;
        urgent = false;
        run(wasUrgent);
      }, 0);
    },
    cancel() {
      if (timer !== undefined) win.clearTimeout(timer);
      timer = undefined;
    },
  };
}
