import type { ContextModule } from '../context/context-module';
import type { CairnError } from '../lib/errors';
import type { GoalId } from '../schema/infer';
import type { CairnConfig, TrackedEvent } from '../schema/types';
import { createTracker } from '../tracker/create-tracker';
import type { Tracker } from '../tracker/tracker-types';
import type { TriggerModule } from '../triggers/trigger-host';

/** A batch as the in-memory collector received it (wire format v1). */
export interface SentBatch {
  /** Wire format version. */
  v: number;
  /** When the batch left, ms since the epoch. */
  sentAt: number;
  /** Events dropped by a full store before this batch. */
  dropped?: number;
  /** Context shared by every event of the batch. */
  context: Record<string, unknown>;
  /** The events, each with only the context keys that differ from the shared ones. */
  events: Record<string, unknown>[];
}

/** A tracker for tests: same validation and batching, an in-memory collector, and assertions. */
export interface TestTracker<C extends CairnConfig = CairnConfig> extends Tracker<C> {
  /** Every event accepted by `track()` or a trigger, in order. */
  readonly events: readonly TrackedEvent[];
  /** Every batch the in-memory collector received. */
  readonly batches: readonly SentBatch[];
  /** Every error reported (rejected events, refused batches). */
  readonly errors: readonly CairnError[];
  /** Events of one goal. */
  eventsOf(goal: GoalId<C>): TrackedEvent[];
  /**
   * Throws unless the goal was tracked, with `props` matching when given (only the listed props
   * are compared). Returns the last matching event.
   */
  expectTracked(goal: GoalId<C>, props?: Record<string, unknown>): TrackedEvent;
  /** Throws if the goal was tracked. */
  expectNotTracked(goal: GoalId<C>): void;
  /** Makes the in-memory collector answer every request with `status` (default 200). */
  respondWith(status: number): void;
  /** Forgets recorded events, batches and errors (`reset()` is the tracker's: a new visitor). */
  clearRecorded(): void;
}

/**
 * Creates a tracker whose batches go to an in-memory collector instead of the network, with
 * storage in memory, so tests of your own tagging need no server and share nothing.
 * @example
 * import { createTestTracker } from 'cairn/testing'
 * const cairn = createTestTracker(config)
 * cairn.track('add_to_cart', { sku: 'TEE-1', price: 19.99 })
 * cairn.expectTracked('add_to_cart', { sku: 'TEE-1' })
 */
export function createTestTracker<const C extends CairnConfig>(config: C, options: { triggers?: TriggerModule; context?: ContextModule } = {}): TestTracker<C> {
  const events: TrackedEvent[] = [];
  const batches: SentBatch[] = [];
  const errors: CairnError[] = [];
  let status = 200;
  const receive = (body: string) => {
    if (status >= 200 && status < 300) batches.push(JSON.parse(body) as SentBatch);
  };
  const tracker = createTracker({ ...config, delivery: { ...config.delivery, storage: 'memory' } } as C, {
    ...options,
    transport: {
      post: (body) => (receive(body), Promise.resolve({ status })),
      beacon: (body) => (receive(body), true),
    },
  });
  tracker.on('track', (event) => events.push(event));
  tracker.on('error', (error) => errors.push(error));
  const eventsOf = (goal: string) => events.filter((event) => event.goal === goal);
  return {
    ...tracker,
    events,
    batches,
    errors,
    eventsOf,
    expectTracked(goal, props) {
      const found = eventsOf(goal).filter((event) => !props || Object.entries(props).every(([k, v]) => Object.is(event.props[k], v)));
      if (!found.length) {
        const seen = events.map((event) => `${event.goal} ${JSON.stringify(event.props)}`).join('\n  ') || '(none)';
        throw new Error(`expected "${goal}"${props ? ` with ${JSON.stringify(props)}` : ''} to be tracked; tracked:\n  ${seen}`);
      }
      return found[found.length - 1]!;
    },
    expectNotTracked(goal) {
      const found = eventsOf(goal);
      if (found.length) throw new Error(`expected "${goal}" not to be tracked, but it was ${found.length} time(s)`);
    },
    respondWith(next) {
      status = next;
    },
    clearRecorded() {
      events.length = batches.length = errors.length = 0;
    },
  };
}
