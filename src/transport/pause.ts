import type { KeyValueStorage } from '../lib/storage';

/**
 * A wait the collector asked for with `Retry-After`, kept in storage so that the site's other pages
 * (and the next page load) wait too instead of sending the events they hold at once.
 */
export interface Pause {
  /** Milliseconds left of the wait the site's pages share (0 when none). */
  left(now: number): number;
  /** Whether this page was asked to wait, or another page was: then nothing leaves at unload. */
  holds(now: number): boolean;
  /** Starts a wait until `until` (ms since the epoch). */
  start(until: number): void;
  /** Ends the shared wait (an answer was accepted). */
  end(): void;
}

/** Creates the {@link Pause} kept under `key`. */
export function createPause(storage: KeyValueStorage, key: string): Pause {
  let own = 0;
  const stored = () => Number(storage.getItem(key)) || 0;
  return {
    left: (now) => Math.max(0, stored() - now),
    holds: (now) => Math.max(own, stored()) > now,
    start(until) {
      own = until;
      storage.setItem(key, String(until));
    },
    end() {
      if (stored()) storage.removeItem(key);
    },
  };
}
