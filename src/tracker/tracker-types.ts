import type { Abandonment, ContextModule, FunnelProgress, Traits } from '../context/context-module';
import type { HealthModule } from '../health/health-module';
import type { CairnError } from '../lib/errors';
import type { FunnelId, GoalId, TrackArgs } from '../schema/infer';
import type { CairnConfig, TrackedEvent } from '../schema/types';
import type { ConsentState } from '../schema/privacy-types';
import type { Transport } from '../transport/send';
import type { TriggerModule } from '../triggers/trigger-host';

/** Events a tracker emits to `tracker.on()` listeners. */
export interface TrackerEvents {
  /** An error: rejected event, refused batch, dropped events. */
  error: CairnError;
  /** An event accepted into the queue. */
  track: TrackedEvent;
  /** A funnel left unfinished (context module): start a cart-abandonment flow from here. */
  abandon: Abandonment;
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
   * Applies the visitor's consent choice: for every purpose, or per purpose (the others keep
   * theirs). A grant sends the events that waited in memory, with their own times and pages; a
   * denial drops them, deletes every key cairn wrote and sends nothing more (docs/privacy.md).
   * @example
   * cairn.consent('granted')
   * cairn.consent({ analytics: 'granted', marketing: 'denied' })
   */
  consent(state: ConsentState): void;
  /**
   * Sets the user id sent with the next events, or forgets it with `null`. Traits (flat values,
   * bounded) ride on the next event once, as `context.traits` (context module).
   * @example
   * cairn.identify('user-42', { plan: 'pro' })
   */
  identify(userId: string | null, traits?: Traits): void;
  /**
   * Logout: a new anonymous id and session; the user id, traits, touches, funnel progress, journey
   * and experiments are forgotten.
   * @example
   * cairn.reset()
   */
  reset(): void;
  /**
   * Puts `{ [name]: variant }` in `context.experiments` on every later event of the session,
   * across page loads (context module).
   * @example
   * cairn.experiment('hero', 'b')
   */
  experiment(name: string, variant: string): void;
  /**
   * The visitor's progress in a funnel of the config, or `undefined` without the context module.
   * @example
   * if (cairn.funnel('checkout')?.next === 'purchase') showNudge()
   */
  funnel(id: FunnelId<C>): FunnelProgress | undefined;
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
   * Listens to `error`, `track` or `abandon`. Returns a function that removes the listener.
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
   * The context module (`import { context } from 'cairn/context'`): campaign, channel, touches,
   * funnel progress, journeys, abandonment, experiments and traits.
   * @example
   * createTracker(config, { triggers, context })
   */
  context?: ContextModule;
  /**
   * The health module (`import { health } from 'cairn/health'`): web vitals, errors and broken
   * media of the page view on its conversions, and one `page_health` event per page view.
   * @example
   * createTracker(config, { triggers, health })
   */
  health?: HealthModule;
  /**
   * Replaces `fetch` and `sendBeacon` (`cairn/testing` uses it to keep batches in memory).
   * @default fetch with keepalive, and sendBeacon at pagehide
   * @example
   * createTracker(config, { transport: { post: async () => ({ status: 204 }), beacon: () => true } })
   */
  transport?: Transport;
}
