import { utf8Length } from '../lib/utf8';
import type { TrackedEvent } from '../schema/types';

/** A queued event with its serialised form, measured once. */
export interface QueuedEvent {
  event: TrackedEvent;
  /** `JSON.stringify(event)`, made once when the event is first stored ('' until then). */
  json: string;
  /** UTF-8 byte length of `json`. */
  bytes: number;
  /** `pending`: waiting; `sending`: in a request without an answer yet; `unacked`: left by beacon. */
  state: 'pending' | 'sending' | 'unacked';
  /** Sent at least once, here or by the page it was taken over from. */
  tried?: boolean;
  /** In the batch being sent, it had been sent before: whether it arrived is unknown. */
  again?: boolean;
  /** Taken over from another page: not sent before this time, ms (that page's last requests land first). */
  notBefore?: number;
}

/** Which waiting events {@link EventQueue.take} takes. */
export interface TakeOptions {
  /** Most events in the batch. */
  maxEvents: number;
  /** Most bytes of events (with their separating commas); one event larger than this still goes alone. */
  maxBytes: number;
  /** Skip events sent before (a backoff is running: they wait for it). */
  untriedOnly?: boolean;
  /** At pagehide: no wait for events taken over (only those never sent go, with `untriedOnly`). */
  unloading?: boolean;
}

/** What an event queue holds. */
export interface QueueState {
  items: QueuedEvent[];
  dropped: number;
  closed: boolean;
  dirty: boolean;
  writtenAt: number;
  /** Events added since the last measure (serialising waits for persist(), not track()). */
  unmeasured: number;
}

/** Serialises and measures the events added since the last call (once each). */
export function measure(state: QueueState): void {
  if (!state.unmeasured) return;
  for (const item of state.items) {
    if (item.json) continue;
    item.json = JSON.stringify(item.event);
    item.bytes = utf8Length(item.json);
  }
  state.unmeasured = 0;
}

/** Makes room for one more event: drops the oldest waiting micro event, never a macro one. */
export function makeRoom(state: QueueState, incoming: TrackedEvent, options: { maxEvents: number; onDrop: (events: TrackedEvent[]) => void }): boolean {
  if (state.items.length < options.maxEvents) return true;
  const victim = state.items.findIndex((item) => item.event.kind === 'micro' && item.state === 'pending');
  if (victim >= 0) {
    const [removed] = state.items.splice(victim, 1);
    state.dropped++;
    options.onDrop([removed!.event]);
    return true;
  }
  if (incoming.kind === 'macro') return true; // never drop a macro conversion, even past the bound
  state.dropped++;
  options.onDrop([incoming]);
  return false;
}

/** Number and bytes of waiting events. */
export function pendingSize(state: QueueState): { count: number; bytes: number } {
  measure(state);
  let count = 0;
  let bytes = 0;
  for (const item of state.items) if (item.state === 'pending') (count++, (bytes += item.bytes));
  return { count, bytes };
}

/** Takes the oldest waiting events that fit and marks them as sending (and tried). */
export function take(state: QueueState, { maxEvents, maxBytes, untriedOnly, unloading }: TakeOptions): QueuedEvent[] {
  measure(state);
  const batch: QueuedEvent[] = [];
  let bytes = 0;
  for (const item of state.items) {
    if (item.state !== 'pending' || (untriedOnly && item.tried)) continue;
    if (!unloading && item.notBefore !== undefined && item.notBefore > Date.now()) continue;
    if (batch.length >= maxEvents || (batch.length > 0 && bytes + item.bytes + 1 > maxBytes)) break;
    bytes += item.bytes + 1;
    item.state = 'sending';
    item.again = item.tried;
    item.tried = true;
    batch.push(item);
  }
  return batch;
}

/**
 * How long events taken over from another page wait before they are sent again (after the
 * collector was asked which it holds): the last requests of that page (a beacon at pagehide, a
 * slow answer) land first.
 */
export const ADOPTED_WAIT_MS = 2_000;

/** Adds events not already held, as tried (whether their page had sent them is unknown), in time order. */
export function merge(state: QueueState, events: readonly TrackedEvent[]): number {
  const notBefore = Date.now() + ADOPTED_WAIT_MS;
  const known = new Set(state.items.map((item) => item.event.id));
  let added = 0;
  for (const event of events) {
    if (known.has(event.id)) continue;
    known.add(event.id);
    const json = JSON.stringify(event);
    state.items.push({ event, json, bytes: utf8Length(json), state: 'pending', tried: true, notBefore });
    added++;
  }
  if (added) state.items.sort((a, b) => a.event.ts - b.event.ts);
  return added;
}
