import type { KeyValueStorage } from '../lib/storage';
import { visitorKeys } from '../lib/storage-keys';
import { asObject, storedValue } from '../lib/stored-value';
import { isCount, journeyItems } from './stored-shapes';
import type { Journey, TrackedEvent } from '../schema/event-types';

/** Most micro conversions a journey lists; older ones are counted in `omitted`. */
export const JOURNEY_MAX_ITEMS = 50;
/** Most bytes (JSON) the listed items may take; older ones go first past it. */
export const JOURNEY_MAX_BYTES = 4000;

/** The journey so far (stored as `cairn:journey`). */
interface JourneyState {
  items: Journey['items'];
  omitted: number;
  /** Bytes the items take as JSON, roughly (kept, not recounted on every event). */
  bytes: number;
  /** Session index of the journey's first event. */
  from?: number;
}

const empty = (): JourneyState => ({ items: [], omitted: 0, bytes: 0 });

const readState = (stored: unknown): JourneyState => {
  const s = asObject(stored);
  if (!s || !isCount(s.omitted) || !isCount(s.bytes)) return empty();
  const items = journeyItems(s.items);
  const state: JourneyState = { items, omitted: Math.floor(s.omitted), bytes: items.reduce((sum, item) => sum + sizeOf(item), 0) };
  if (isCount(s.from) && s.from >= 1) state.from = Math.floor(s.from);
  return state;
};

/** Bytes of one item as JSON, plus its comma. */
const sizeOf = (item: Journey['items'][number]): number => item.goal.length + (item.channel?.length ?? 0) + 48;

/** Keeps at most `max` items, and at most {@link JOURNEY_MAX_BYTES}: the oldest go, counted. */
function trim(state: JourneyState, max: number): void {
  let drop = Math.max(0, state.items.length - max);
  let bytes = state.bytes;
  for (let i = 0; i < drop; i++) bytes -= sizeOf(state.items[i]!);
  while (bytes > JOURNEY_MAX_BYTES && drop < state.items.length) bytes -= sizeOf(state.items[drop++]!);
  if (!drop) return;
  state.items.splice(0, drop);
  state.bytes = bytes;
  state.omitted += drop;
}

/**
 * The journey: every micro conversion since the visitor's previous macro conversion (goal, time,
 * channel of its session), across sessions and page loads. A macro event carries it as
 * `context.journey`, with the sessions it took and the time since the first touch and since the
 * session started, and the next journey starts empty.
 */
export function createJourney(storage: KeyValueStorage, skip: (goal: string) => boolean) {
  const store = storedValue(storage, visitorKeys.journey, readState);
  return {
    step(event: TrackedEvent): void {
      if (skip(event.goal)) return;
      const state = store.get(event.ts);
      const context = event.context;
      const index = context.sessionIndex ?? 1;
      state.from ??= index;
      if (event.kind === 'micro') {
        // One literal of the right shape (kept for the session: no property added later).
        const item: Journey['items'][number] = context.channel ? { goal: event.goal, ts: event.ts, channel: context.channel } : { goal: event.goal, ts: event.ts };
        state.items.push(item);
        state.bytes += sizeOf(item);
        // Trimmed in steps of a few items, not one shift per event, during a burst.
        if (state.items.length > JOURNEY_MAX_ITEMS + 8 || state.bytes > JOURNEY_MAX_BYTES) trim(state, JOURNEY_MAX_ITEMS);
        store.set(state);
        return;
      }
      trim(state, JOURNEY_MAX_ITEMS);
      const journey: Journey = {
        items: state.items,
        omitted: state.omitted,
        sessions: index - Math.min(state.from, index) + 1,
        sinceSessionStartMs: event.ts - (context.sessionStart ?? event.ts),
      };
      if (context.firstTouch) journey.sinceFirstTouchMs = event.ts - context.firstTouch.ts;
      context.journey = journey;
      store.set(empty());
    },
    clear: () => store.clear(),
  };
}
