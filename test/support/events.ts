import type { QueuedEvent } from '../../src/queue/queued-events';
import { utf8Length } from '../../src/lib/utf8';
import type { EventContext, TrackedEvent } from '../../src/schema/types';

/** The context of every test event unless a test gives its own. */
export const TEST_CONTEXT: EventContext = {
  anonymousId: 'anon-1',
  sessionId: 'sess-1',
  page: { url: 'https://shop.test/p/1', path: '/p/1', title: 'Product', referrer: '' },
  library: { name: 'cairn', version: '0.1.0' },
  consent: { analytics: 'granted', marketing: 'granted' },
};

let counter = 0;

/** What a test may set on an event; `context` may be partial (a stored event from another version). */
export type EventOverrides = Partial<Omit<TrackedEvent, 'context'>> & { context?: Partial<EventContext> };

/**
 * One event as the tracker builds it: a micro `add_to_cart` milestone (a `purchase` when
 * `kind: 'macro'`), a fresh id, time and sequence, a product's props and {@link TEST_CONTEXT}.
 * Fields follow the wire order (context last), as the tracker writes them.
 */
export function testEvent(overrides: EventOverrides = {}): TrackedEvent {
  counter++;
  const kind = overrides.kind ?? 'micro';
  const event: TrackedEvent = {
    id: `evt-${String(counter).padStart(17, '0')}`,
    goal: kind === 'macro' ? 'purchase' : 'add_to_cart',
    kind,
    ...(kind === 'micro' ? { role: 'milestone' as const } : {}),
    ts: 1_700_000_000_000 + counter,
    seq: counter,
    props: { sku: 'A-1', price: 19.99 },
    context: { ...TEST_CONTEXT },
  };
  const { context, ...rest } = overrides;
  Object.assign(event, rest);
  // Moved last again, so that an override does not change the wire order.
  delete (event as Partial<TrackedEvent>).context;
  // A context object of its own, sharing page and library as the tracker's events do.
  event.context = (context ?? { ...TEST_CONTEXT }) as EventContext;
  return event;
}

/** An event as the queue holds it, serialised and measured. */
export function queuedEvent(event: TrackedEvent, state: QueuedEvent['state'] = 'sending'): QueuedEvent {
  const json = JSON.stringify(event);
  return { event, json, bytes: utf8Length(json), state };
}
