import type { KeyValueStorage } from '../lib/storage';
import type { TrackedEvent } from '../schema/types';
import { recordText } from './queue-record';
import { makeRoom, measure, merge, pendingSize, take, type QueuedEvent, type QueueState, type TakeOptions } from './queued-events';

/** How a sent batch ended: `done` removes it, `retry` puts it back, `unacked` keeps it stored. */
export type SettleOutcome = 'done' | 'retry' | 'unacked';

/** While batches are accepted, the record is rewritten at most this often (see `settle`). */
export const ACCEPTED_WRITE_MS = 1_000;

/** Options of {@link createEventQueue}. */
export interface EventQueueOptions {
  storage: KeyValueStorage;
  /** This page's own record key (see lib/storage-keys.ts). */
  key: string;
  /** Most events kept; past it the oldest micro events are dropped, never a macro one. */
  maxEvents: number;
  now: () => number;
  /** Called with events dropped because the queue is full. */
  onDrop: (events: TrackedEvent[]) => void;
}

/**
 * The queue of events not yet accepted by the collector, in memory and mirrored to this page's
 * storage record (written after the tracking call returns, before anything is sent).
 */
export interface EventQueue {
  /** Queues an event (written by the next {@link EventQueue.persist}); `false` when the queue is full of macro events. */
  add(event: TrackedEvent): boolean;
  /** Writes the record now if anything changed, or always with `heartbeat` (its time says the page lives). */
  persist(options?: { heartbeat?: boolean }): void;
  /** Number and bytes of events waiting to be sent. */
  pendingSize(): { count: number; bytes: number };
  /** Events waiting to be sent. */
  pending(): QueuedEvent[];
  /** All held ids (waiting, sending or unacknowledged). */
  ids(): string[];
  /** Number of held events of any state. */
  size(): number;
  /** Takes the oldest waiting events that fit and marks them as sending. */
  take(options: TakeOptions): QueuedEvent[];
  /** Settles sent events. */
  settle(batch: readonly QueuedEvent[], outcome: SettleOutcome): void;
  /** Count of dropped events not yet reported. */
  dropped(): number;
  /** After a batch that reported `count` dropped events was accepted. */
  resetDropped(count: number): void;
  /** Adds events taken over from another page's record (unknown fate: counted as tried), in time order. */
  adopt(events: readonly TrackedEvent[], dropped: number): number;
  /** Marks the record as closed (page hidden for unload) so the next page may take it over. */
  close(): void;
  /**
   * Back from the back/forward cache: if another page took the record over, forget our copy
   * (it sends them); otherwise own it again and resend what left without an answer.
   */
  reopen(): void;
}

/** Creates the {@link EventQueue} of one page. */
export function createEventQueue(options: EventQueueOptions): EventQueue {
  const { storage, key, now } = options;
  const state: QueueState = { items: [], dropped: 0, closed: false, dirty: false, writtenAt: -Infinity, unmeasured: 0 };
  const write = () => {
    state.dirty = false;
    state.writtenAt = now();
    measure(state);
    if (!state.items.length && !state.dropped) return storage.removeItem(key);
    storage.setItem(key, recordText(now(), state.closed, state.dropped, state.items.map((item) => item.json)));
  };
  return {
    add(event) {
      if (!makeRoom(state, event, options)) return false;
      state.items.push({ event, json: '', bytes: 0, state: 'pending' });
      state.unmeasured++;
      state.dirty = true;
      return true;
    },
    persist: (persist) => void ((state.dirty || persist?.heartbeat) && write()),
    pendingSize: () => pendingSize(state),
    pending: () => state.items.filter((item) => item.state === 'pending'),
    ids: () => state.items.map((item) => item.event.id),
    size: () => state.items.length,
    take: (limits) => take(state, limits),
    settle(batch, outcome) {
      if (outcome === 'done') {
        const gone = new Set(batch);
        state.items = state.items.filter((item) => !gone.has(item));
        // Rewriting the whole record after each batch of a burst was a third of its main-thread
        // time. A stored copy that still lists accepted events only risks sending them again after
        // a crash (at-least-once: the collector dedupes), so while events remain it is rewritten at
        // most once a second, and by the next persist() (a new event, hidden, pagehide, heartbeat).
        if (state.items.length && now() - state.writtenAt < ACCEPTED_WRITE_MS) return void (state.dirty = true);
      } else for (const item of batch) item.state = outcome === 'retry' ? 'pending' : 'unacked';
      write();
    },
    dropped: () => state.dropped,
    resetDropped: (count) => void (state.dropped = Math.max(0, state.dropped - count)),
    adopt(events, dropped) {
      const added = merge(state, events);
      state.dropped += dropped;
      if (added || dropped) write();
      return added;
    },
    close() {
      state.closed = true;
      write();
    },
    reopen() {
      state.closed = false;
      if (storage.getItem(key) === null) state.items = state.items.filter((item) => item.state === 'sending');
      for (const item of state.items) if (item.state === 'unacked') item.state = 'pending';
      write();
    },
  };
}
