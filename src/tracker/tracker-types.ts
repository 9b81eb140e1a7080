import type { CairnError } from '../lib/errors';
import type { GoalId, TrackArgs } from '../schema/infer';
import type { CairnConfig, TrackedEvent } from '../schema/types';
import type { Transport } from '../transport/send';
import type { TriggerModule } from '../triggers/trigger-host';

/** Events a tracker emits to `tracker.on()` listeners. */
export interface TrackerEvents {
  /** An error: rejected event, refused batch, dropped events. */
  error: CairnError;
  /** An event accepted into the queue. */
  track: TrackedEvent;
}

/** A running tracker. Every method is safe to call at any time and never throws. */
export interface Tracker<C extends CairnConfig = CairnConfig> {
  /**
   * Tracks a goal. Synchronous and cheap: validation happens now, storage and sending after.
   * Returns nothing: a rejected event is reported to `on('error')` and `onError`, never thrown.
   * @example
   * cairn.track('purchase', { order_id: 'A-1001', total: 59.9 })
   */
  track<K extends GoalId<C>>(goal: K, ...props: string extends GoalId<C> ? [props?: Record<string, unknown>] : TrackArgs<C['goals'][K]>): void;
  /**
   * Sets the user id sent with the next events, or forgets it with `null` (on logout).
   * @example
   * cairn.identify('user-42')
   */
  identify(userId: string | null): void;
  /**
   * Sends what is waiting now. Resolves when those events were accepted or dropped for good.
   * @example
   * await cairn.flush()
   */
  flush(): Promise<void>;
  /**
   * Stops triggers, listeners and timers. Waiting events stay stored for the next page.
   * @example
   * cairn.shutdown()
   */
  shutdown(): void;
  /**
   * Listens to `error` or `track`. Returns a function that removes the listener.
   * @example
   * const off = cairn.on('error', (error) => report(error))
   */
  on<T extends keyof TrackerEvents>(type: T, listener: (payload: TrackerEvents[T]) => void): () => void;
}

/** Options of `createTracker` that are code, not config. */
export interface TrackerOptions {
  /**
   * The declarative trigger module (`import { triggers } from 'cairn'`). Without it, `triggers` in
   * goals do nothing.
   * @example
   * createTracker(config, { triggers })
   */
  triggers?: TriggerModule;
  /**
   * Replaces `fetch` and `sendBeacon` (`cairn/testing` uses it to keep batches in memory).
   * @default fetch with keepalive, and sendBeacon at pagehide
   * @example
   * createTracker(config, { transport: { post: async () => ({ status: 204 }), beacon: () => true } })
   */
  transport?: Transport;
}
