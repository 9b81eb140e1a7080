import type { TrackedEvent } from '../schema/types';
import type { KeyValueStorage } from '../lib/storage';

/** A queued event with its serialised form, measured once. */
export interface QueuedEvent {
  event: TrackedEvent;
  /** `JSON.stringify(event)`, made once when the event is first persisted. */
  json: string;
  /** UTF-8 byte length of `json`. */
  bytes: number;
  /** `pending`: waiting; `sending`: in a request without an answer yet; `unacked`: left by beacon. */
  state: 'pending' | 'sending' | 'unacked';
  /** Sent at least once, here or by the page it was taken over from. */
  tried?: boolean;
}

/** A record older than this belongs to a tab that died (timers of hidden tabs may run once a minute). */
export const STALE_RECORD_MS = 150_000;

/** While batches are accepted, the record is rewritten at most this often (see `settle`). */
export const ACCEPTED_WRITE_MS = 1_000;

interface StoredRecord {
  /** Last write (heartbeat), ms. */
  t: number;
  /** 1 once the page was hidden for unload: its events may be taken over at once. */
  c?: 1;
  /** Events dropped and not yet reported in a batch. */
  d?: number;
  /** Ids of events that left without an answer (beacon, in flight). */
  u?: string[];
  e: TrackedEvent[];
}

/** Options of {@link createEventStore}. */
export interface EventStoreOptions {
  storage: KeyValueStorage;
  /** Key prefix of this endpoint's records, e.g. `cairn:1x2y:q:`. */
  prefix: string;
  /** This page's own record id. */
  tabId: string;
  /** Most events kept; past it the oldest micro events are dropped, never a macro one. */
  maxEvents: number;
  now: () => number;
  /** Called with events dropped because the store is full. */
  onDrop: (events: TrackedEvent[]) => void;
}

/**
 * The queue of events not yet accepted by the collector, in memory and mirrored to storage
 * (written after the tracking call returns, before anything is sent). Each page owns one record;
 * records of closed or dead pages are taken over by the next page ({@link EventStore.adoptOrphans}).
 */
export type EventStore = ReturnType<typeof createEventStore>;

export function createEventStore(options: EventStoreOptions) {
  const { storage, prefix, tabId, now } = options;
  const key = prefix + tabId;
  let items: QueuedEvent[] = [];
  let dropped = 0;
  let closed = false;
  let dirty = false;
  let writtenAt = -Infinity;

  const measure = (event: TrackedEvent): QueuedEvent => {
    const json = JSON.stringify(event);
    return { event, json, bytes: utf8Length(json), state: 'pending' };
  };
  // Serialising waits for persist() (run after the tracking call returns), not track() itself.
  let unmeasured = 0;
  const measureAll = () => {
    if (!unmeasured) return;
    for (const item of items) {
      if (item.json) continue;
      item.json = JSON.stringify(item.event);
      item.bytes = utf8Length(item.json);
    }
    unmeasured = 0;
  };

  const write = () => {
    dirty = false;
    writtenAt = now();
    measureAll();
    if (!items.length && !dropped) return storage.removeItem(key);
    const unacked = items.filter((item) => item.state !== 'pending').map((item) => JSON.stringify(item.event.id));
    const head = `{"t":${now()}${closed ? ',"c":1' : ''}${dropped ? `,"d":${dropped}` : ''},"u":[${unacked.join(',')}],"e":[`;
    storage.setItem(key, `${head}${items.map((item) => item.json).join(',')}]}`);
  };

  const dropFor = (incoming: TrackedEvent): boolean => {
    if (items.length < options.maxEvents) return true;
    const victim = items.findIndex((item) => item.event.kind === 'micro' && item.state === 'pending');
    if (victim >= 0) {
      const [removed] = items.splice(victim, 1);
      dropped++;
      options.onDrop([removed!.event]);
      return true;
    }
    if (incoming.kind === 'macro') return true; // never drop a macro conversion, even past the bound
    dropped++;
    options.onDrop([incoming]);
    return false;
  };

  return {
    /** Queues an event; it is written to storage by {@link persist} (the tracker schedules it). */
    add(event: TrackedEvent): boolean {
      if (!dropFor(event)) return false;
      items.push({ event, json: '', bytes: 0, state: 'pending' });
      unmeasured++;
      dirty = true;
      return true;
    },
    /** Writes the record now if anything changed (also refreshes the heartbeat when `force`). */
    persist(force = false) {
      if (dirty || force) write();
    },
    /** Events waiting to be sent. */
    pending: () => items.filter((item) => item.state === 'pending'),
    /** Number and bytes of events waiting to be sent. */
    pendingSize() {
      measureAll();
      let count = 0;
      let bytes = 0;
      for (const item of items) if (item.state === 'pending') (count++, (bytes += item.bytes));
      return { count, bytes };
    },
    /** All held ids (waiting, sending or unacknowledged). */
    ids: () => items.map((item) => item.event.id),
    /**
     * Takes the oldest waiting events that fit the limits and marks them as sending; `untriedOnly`
     * skips events sent before, `withSending` also takes events of a request still without answer.
     */
    take(maxCount: number, maxBytes: number, overhead = 0, untriedOnly = false, withSending = false): QueuedEvent[] {
      measureAll();
      const batch: QueuedEvent[] = [];
      let bytes = overhead;
      for (const item of items) {
        if (!(item.state === 'pending' || (withSending && item.state === 'sending')) || (untriedOnly && item.tried)) continue;
        if (batch.length >= maxCount || (batch.length > 0 && bytes + item.bytes + 1 > maxBytes)) break;
        bytes += item.bytes + 1;
        item.state = 'sending';
        item.tried = true;
        batch.push(item);
      }
      return batch;
    },
    /** Settles sent events: `done` removes them, `retry` puts them back, `unacked` keeps them stored. */
    settle(batch: QueuedEvent[], outcome: 'done' | 'retry' | 'unacked') {
      if (outcome === 'done') {
        const gone = new Set(batch);
        items = items.filter((item) => !gone.has(item));
        // Rewriting the whole record after each batch of a burst was a third of its main-thread
        // time. A stored copy that still lists accepted events only risks sending them again after
        // a crash (at-least-once: the collector dedupes), so while events remain it is rewritten at
        // most once a second, and by the next persist() (a new event, hidden, pagehide, heartbeat).
        if (items.length && now() - writtenAt < ACCEPTED_WRITE_MS) return void (dirty = true);
      } else for (const item of batch) item.state = outcome === 'retry' ? 'pending' : 'unacked';
      write();
    },
    /** Count of dropped events not yet reported; `reset` after a batch carrying it was accepted. */
    dropped: () => dropped,
    resetDropped(count: number) {
      dropped = Math.max(0, dropped - count);
    },
    /** Marks the record as closed (page hidden for unload) so the next page may take it over. */
    close() {
      closed = true;
      write();
    },
    /**
     * Back from the back/forward cache: if another page took the record over, forget our copy
     * (it sends them); otherwise own it again and resend what left without an answer.
     */
    reopen() {
      closed = false;
      if (storage.getItem(key) === null) items = items.filter((item) => item.state === 'sending');
      for (const item of items) if (item.state === 'unacked') item.state = 'pending';
      write();
    },
    /**
     * Takes over the records of pages that closed or died: their events join this page's queue
     * (ids unchanged, so a collector dedupes any that had in fact arrived). Returns how many.
     */
    adoptOrphans(): number {
      let adopted = 0;
      const known = new Set(items.map((item) => item.event.id));
      for (const other of storage.keys(prefix)) {
        if (other === key) continue;
        const record = readRecord(storage.getItem(other));
        if (record && !record.c && now() - record.t < STALE_RECORD_MS) continue;
        storage.removeItem(other);
        if (!record) continue;
        dropped += record.d ?? 0;
        for (const event of record.e) {
          if (known.has(event.id)) continue;
          known.add(event.id);
          // Whether the closed page had sent it is unknown: count it as tried.
          items.push({ ...measure(event), tried: true });
          adopted++;
        }
      }
      if (adopted) {
        items.sort((a, b) => a.event.ts - b.event.ts);
        write();
      }
      return adopted;
    },
    /** Number of held events of any state. */
    size: () => items.length,
  };
}

function readRecord(raw: string | null): StoredRecord | undefined {
  if (!raw) return undefined;
  try {
    const record = JSON.parse(raw) as StoredRecord;
    if (typeof record.t !== 'number' || !Array.isArray(record.e)) return undefined;
    // Another version or a browser extension may have written anything: keep only what can be sent.
    return { ...record, d: typeof record.d === 'number' ? record.d : undefined, e: record.e.filter(isStoredEvent) };
  } catch {
    return undefined;
  }
}

function isStoredEvent(event: unknown): event is TrackedEvent {
  const e = event as Partial<TrackedEvent> | null;
  return typeof e === 'object' && e !== null && typeof e.id === 'string' && typeof e.ts === 'number' && typeof e.context === 'object' && e.context !== null;
}

/** UTF-8 length of a string without allocating (request bodies are measured in bytes). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) (bytes += 2), i++;
    else bytes += 2;
  }
  return bytes;
}
