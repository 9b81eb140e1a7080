import { describe, expect, it, vi } from 'vitest';
import { createMemoryStorage, type KeyValueStorage } from '../../src/lib/storage';
import { utf8Length } from '../../src/lib/utf8';
import { ACCEPTED_WRITE_MS, createEventQueue } from '../../src/queue/event-queue';
import { adoptOrphans, HEARTBEAT_MS, STALE_RECORD_MS, THROTTLED_TIMER_MS } from '../../src/queue/orphans';
import type { TrackedEvent } from '../../src/schema/types';
import { testEvent } from '../support/events';

const PREFIX = 'cairn:q:abc:';

/** A test event with a readable id and a time, so that stored records can be compared. */
function event(id: string, kind: 'micro' | 'macro' = 'micro', ts = 1_000): TrackedEvent {
  return testEvent({ id, kind, ts, seq: 1, props: { sku: id } });
}

interface Setup {
  storage?: KeyValueStorage;
  tabId?: string;
  maxEvents?: number;
  now?: () => number;
}

function setup({ storage = createMemoryStorage(), tabId = 'tab-a', maxEvents = 100, now = () => 1_000_000 }: Setup = {}) {
  const onDrop = vi.fn<(events: TrackedEvent[]) => void>();
  const key = PREFIX + tabId;
  const queue = createEventQueue({ storage, key, maxEvents, now, onDrop });
  // The queue and the takeover of other pages' records (queue/orphans.ts), as the tracker uses them.
  const store = Object.assign(queue, { adoptOrphans: () => adoptOrphans(queue, { storage, prefix: PREFIX, key, now }) });
  return { store, storage, onDrop, key };
}

function read(storage: KeyValueStorage, key: string) {
  const raw = storage.getItem(key);
  return raw === null ? null : (JSON.parse(raw) as { t: number; c?: 1; d?: number; e: TrackedEvent[] });
}

/** Ids of the events in the stored record. */
function storedIds(storage: KeyValueStorage, key: string): string[] {
  return read(storage, key)!.e.map((event) => event.id);
}

function ids(events: { event: TrackedEvent }[]): string[] {
  return events.map((item) => item.event.id);
}

describe('event queue', () => {
  describe('persistence', () => {
    it('writes a record only when persist() runs, holding every added event', () => {
      const { store, storage, key } = setup();
      store.add(event('e1'));
      store.add(event('e2', 'macro'));
      expect(storage.getItem(key)).toBeNull();
      store.persist();
      expect(read(storage, key)).toEqual({ t: 1_000_000, e: [event('e1'), event('e2', 'macro')] });
    });

    it('does not write again when nothing changed, unless forced to refresh the heartbeat', () => {
      let now = 1_000_000;
      const { store, storage, key } = setup({ now: () => now });
      store.add(event('e1'));
      store.persist();
      const setItem = vi.spyOn(storage, 'setItem');
      store.persist();
      expect(setItem).not.toHaveBeenCalled();
      now += 20_000;
      store.persist({ heartbeat: true });
      expect(setItem).toHaveBeenCalledOnce();
      expect(read(storage, key)!.t).toBe(1_020_000);
    });

    it('stores exactly the JSON of each event, readable again', () => {
      const { store, storage, key } = setup();
      const original = { ...event('e1'), props: { note: 'ünïcödé 🎉 "quoted"', nested: { a: [1, 2] } } };
      store.add(original);
      store.persist();
      expect(read(storage, key)!.e).toEqual([original]);
    });

    it('removes the record once every event was accepted', () => {
      const { store, storage, key } = setup();
      store.add(event('e1'));
      store.persist();
      store.settle(store.take({ maxEvents: 10, maxBytes: 10_000 }), 'done');
      expect(storage.getItem(key)).toBeNull();
      expect(store.size()).toBe(0);
    });

    it('rewrites the record at most once a second while accepted batches leave events waiting, and at the next persist()', () => {
      let now = 1_000_000;
      const { store, storage, key } = setup({ now: () => now });
      for (const id of ['e1', 'e2', 'e3', 'e4']) store.add(event(id));
      store.persist();
      now += 100;
      store.settle(store.take({ maxEvents: 1, maxBytes: 10_000 }), 'done');
      // Within a second of the last write: the stored copy still lists e1 (a crash would resend it, never lose one).
      expect(storedIds(storage, key)).toEqual(['e1', 'e2', 'e3', 'e4']);
      store.persist();
      expect(storedIds(storage, key)).toEqual(['e2', 'e3', 'e4']);
      now += 100;
      store.settle(store.take({ maxEvents: 1, maxBytes: 10_000 }), 'done');
      expect(read(storage, key)!.e).toHaveLength(3);
      now += ACCEPTED_WRITE_MS;
      store.settle(store.take({ maxEvents: 1, maxBytes: 10_000 }), 'done');
      expect(storedIds(storage, key)).toEqual(['e4']);
    });

    it('writes a retried or beaconed batch at once, whenever the last write was', () => {
      let now = 1_000_000;
      const { store, storage, key } = setup({ now: () => now });
      for (const id of ['e1', 'e2', 'e3']) store.add(event(id));
      store.persist();
      store.settle(store.take({ maxEvents: 1, maxBytes: 10_000 }), 'done');
      store.settle(store.take({ maxEvents: 1, maxBytes: 10_000 }), 'retry');
      expect(storedIds(storage, key)).toEqual(['e2', 'e3']);
      now += 10;
      store.settle(store.take({ maxEvents: 1, maxBytes: 10_000 }), 'unacked');
      expect(read(storage, key)).toMatchObject({ t: 1_000_010, e: [{ id: 'e2' }, { id: 'e3' }] });
    });

    it('keeps events that left by beacon stored, no longer waiting', () => {
      const { store, storage, key } = setup();
      store.add(event('e1'));
      store.add(event('e2'));
      store.settle(store.take({ maxEvents: 1, maxBytes: 10_000 }), 'unacked');
      expect(read(storage, key)).toMatchObject({ e: [{ id: 'e1' }, { id: 'e2' }] });
      expect(ids(store.pending())).toEqual(['e2']);
      expect(store.ids()).toEqual(['e1', 'e2']);
    });

    it('puts events back in order when a send is retried', () => {
      const { store } = setup();
      for (const id of ['e1', 'e2', 'e3']) store.add(event(id));
      const first = store.take({ maxEvents: 2, maxBytes: 10_000 });
      expect(ids(first)).toEqual(['e1', 'e2']);
      expect(ids(store.take({ maxEvents: 10, maxBytes: 10_000 }))).toEqual(['e3']);
      store.settle(first, 'retry');
      expect(ids(store.take({ maxEvents: 10, maxBytes: 10_000 }))).toEqual(['e1', 'e2']);
    });
  });

  describe('take', () => {
    it('takes the oldest waiting events up to the count and never the same event twice', () => {
      const { store } = setup();
      for (let i = 1; i <= 5; i++) store.add(event(`e${i}`));
      expect(ids(store.take({ maxEvents: 2, maxBytes: 100_000 }))).toEqual(['e1', 'e2']);
      expect(ids(store.take({ maxEvents: 2, maxBytes: 100_000 }))).toEqual(['e3', 'e4']);
      expect(store.pendingSize().count).toBe(1);
    });

    it('stops before the byte limit but always takes at least one event', () => {
      const { store } = setup();
      for (let i = 1; i <= 3; i++) store.add(event(`e${i}`));
      const size = utf8Length(JSON.stringify(event('e1')));
      // Each event counts its bytes plus one for the comma.
      expect(ids(store.take({ maxEvents: 10, maxBytes: 2 * (size + 1) }))).toEqual(['e1', 'e2']);
      expect(ids(store.take({ maxEvents: 10, maxBytes: 1 }))).toEqual(['e3']);
    });

    it('counts pending events and their UTF-8 bytes', () => {
      const { store } = setup();
      const a = { ...event('a'), props: { label: '€€€' } };
      store.add(a);
      store.add(event('b'));
      expect(store.pendingSize()).toEqual({ count: 2, bytes: utf8Length(JSON.stringify(a)) + utf8Length(JSON.stringify(event('b'))) });
      expect(utf8Length(JSON.stringify(a))).toBe(JSON.stringify(a).length + 6);
    });
  });

  describe('drop policy when the store is full', () => {
    // Each case: what is held (oldest first; `>` marks an event in flight), what arrives, what is kept, what is dropped.
    const table: [number, string, string[], string, string[], string[]][] = [
      [1, 'drops the oldest pending micro event for a new micro event', ['m1', 'm2', 'm3'], 'm4', ['m2', 'm3', 'm4'], ['m1']],
      [2, 'drops the oldest micro event, never a macro one, for a new macro event', ['M1', 'm2', 'm3'], 'M4', ['M1', 'm3', 'M4'], ['m2']],
      [3, 'keeps a macro event past the bound when only macro events are held', ['M1', 'M2', 'M3'], 'M4', ['M1', 'M2', 'M3', 'M4'], []],
      [4, 'drops a micro event arriving when only macro events are held', ['M1', 'M2', 'M3'], 'm4', ['M1', 'M2', 'M3'], ['m4']],
      [5, 'skips a micro event in flight and drops the next pending one', ['>m1', 'm2', 'M3'], 'm4', ['m1', 'M3', 'm4'], ['m2']],
      [6, 'drops the new micro event when every held micro event is in flight', ['>m1', '>m2', 'M3'], 'm4', ['m1', 'm2', 'M3'], ['m4']],
      [7, 'keeps a macro event when every held micro event is in flight', ['>m1', '>m2', 'M3'], 'M4', ['m1', 'm2', 'M3', 'M4'], []],
    ];

    it.each(table)('case %i: %s', (_case, _name, held, incoming, kept, dropped) => {
      const { store, onDrop } = setup({ maxEvents: 3 });
      const make = (spec: string) => event(spec.replace('>', ''), spec.replace('>', '').startsWith('M') ? 'macro' : 'micro');
      for (const spec of held) store.add(make(spec));
      store.take({ maxEvents: held.filter((spec) => spec.startsWith('>')).length, maxBytes: 100_000 });
      const added = store.add(make(incoming));
      expect(added).toBe(!dropped.includes(incoming));
      expect(store.ids()).toEqual(kept);
      expect(onDrop.mock.calls.flat(2).map((e) => e.id)).toEqual(dropped);
      expect(store.dropped()).toBe(dropped.length);
    });

    it('never drops while there is room', () => {
      const { store, onDrop } = setup({ maxEvents: 3 });
      for (const id of ['m1', 'm2', 'm3']) expect(store.add(event(id))).toBe(true);
      expect(onDrop).not.toHaveBeenCalled();
      expect(store.dropped()).toBe(0);
    });

    it('stores the dropped count with the record and resets only what a batch reported', () => {
      const { store, storage, key } = setup({ maxEvents: 1 });
      store.add(event('m1'));
      store.add(event('m2'));
      store.add(event('m3'));
      store.persist();
      expect(read(storage, key)).toMatchObject({ d: 2, e: [{ id: 'm3' }] });
      const reported = store.dropped();
      store.add(event('m4')); // one more dropped after the batch carrying `reported` was built
      store.resetDropped(reported);
      expect(store.dropped()).toBe(1);
      store.resetDropped(5);
      expect(store.dropped()).toBe(0);
    });

    it('keeps a record for the dropped count even when no event is left', () => {
      const { store, storage, key } = setup({ maxEvents: 1 });
      store.add(event('M1', 'macro'));
      store.add(event('m2'));
      store.settle(store.take({ maxEvents: 10, maxBytes: 100_000 }), 'done');
      expect(read(storage, key)).toMatchObject({ d: 1, e: [] });
    });
  });

  describe('adopting the records of other pages', () => {
    function orphan(storage: KeyValueStorage, tab: string, record: object) {
      storage.setItem(PREFIX + tab, JSON.stringify(record));
    }

    it('adopts the events of a closed page at once, keeping their ids and removing its record', () => {
      const now = 1_000_000;
      const { store, storage } = setup({ now: () => now });
      orphan(storage, 'tab-old', { t: now - 1_000, c: 1, e: [event('o1'), event('o2', 'macro')] });
      expect(store.adoptOrphans()).toBe(2);
      expect(ids(store.pending())).toEqual(['o1', 'o2']);
      expect(store.pending()[1]!.event).toEqual(event('o2', 'macro'));
      expect(storage.getItem(PREFIX + 'tab-old')).toBeNull();
    });

    it('leaves alone the record of a page whose heartbeat is fresh', () => {
      const now = 1_000_000;
      const { store, storage } = setup({ now: () => now });
      orphan(storage, 'tab-live', { t: now - STALE_RECORD_MS + 1, e: [event('o1')] });
      expect(store.adoptOrphans()).toBe(0);
      expect(store.size()).toBe(0);
      expect(storage.getItem(PREFIX + 'tab-live')).not.toBeNull();
    });

    it('adopts the record of a page whose heartbeat is older than STALE_RECORD_MS', () => {
      const now = 1_000_000;
      const { store, storage } = setup({ now: () => now });
      orphan(storage, 'tab-dead', { t: now - STALE_RECORD_MS, e: [event('o1')] });
      expect(STALE_RECORD_MS).toBe(150_000);
      // Two heartbeats of a throttled hidden tab fit before a record counts as stale.
      expect(STALE_RECORD_MS).toBeGreaterThan(HEARTBEAT_MS + 2 * THROTTLED_TIMER_MS);
      expect(store.adoptOrphans()).toBe(1);
      expect(store.ids()).toEqual(['o1']);
    });

    it('resends events another page had sent by beacon without an answer (at-least-once)', () => {
      const { store, storage } = setup();
      orphan(storage, 'tab-old', { t: 0, c: 1, e: [event('o1')] });
      store.adoptOrphans();
      expect(ids(store.pending())).toEqual(['o1']);
    });

    it('does not double an event it already holds or that two records share', () => {
      const { store, storage } = setup();
      store.add(event('e1', 'micro', 5));
      orphan(storage, 'tab-x', { t: 0, c: 1, e: [event('e1', 'micro', 5), event('o1', 'micro', 1)] });
      orphan(storage, 'tab-y', { t: 0, c: 1, e: [event('o1', 'micro', 1), event('o2', 'micro', 9)] });
      expect(store.adoptOrphans()).toBe(2);
      expect(store.ids()).toEqual(['o1', 'e1', 'o2']); // ordered by time
    });

    it('takes over the dropped count of the records it adopts', () => {
      const { store, storage } = setup();
      orphan(storage, 'tab-old', { t: 0, c: 1, d: 4, e: [event('o1')] });
      store.adoptOrphans();
      expect(store.dropped()).toBe(4);
    });

    it('writes the adopted events into its own record at once', () => {
      const { store, storage, key } = setup();
      orphan(storage, 'tab-old', { t: 0, c: 1, e: [event('o1')] });
      store.adoptOrphans();
      expect(read(storage, key)!.e.map((e) => e.id)).toEqual(['o1']);
    });

    it('never adopts its own record nor the records of another endpoint', () => {
      const { store, storage, key } = setup();
      store.add(event('e1'));
      store.close();
      storage.setItem('cairn:q:other:tab-z', JSON.stringify({ t: 0, c: 1, e: [event('x1')] }));
      expect(store.adoptOrphans()).toBe(0);
      expect(store.ids()).toEqual(['e1']);
      expect(storage.getItem(key)).not.toBeNull();
      expect(storage.getItem('cairn:q:other:tab-z')).not.toBeNull();
    });

    it('removes a corrupt record and keeps only the sendable events of a damaged one, without throwing', () => {
      const { store, storage } = setup();
      storage.setItem(PREFIX + 'tab-bad', '{not json');
      orphan(storage, 'tab-odd', { t: 'yesterday', e: [event('x1')] });
      orphan(storage, 'tab-damaged', { t: 0, c: 1, d: 'many', e: [null, 7, { id: 'no-context', ts: 1 }, { ts: 1, context: {} }, event('o1')] });
      expect(() => store.adoptOrphans()).not.toThrow();
      expect(store.ids()).toEqual(['o1']);
      expect(store.dropped()).toBe(0);
      expect(storage.keys(PREFIX)).toEqual([PREFIX + 'tab-a']);
    });
  });

  describe('back/forward cache', () => {
    it('marks its record closed when the page is hidden for unload', () => {
      const { store, storage, key } = setup();
      store.add(event('e1'));
      store.close();
      expect(read(storage, key)).toMatchObject({ c: 1, e: [{ id: 'e1' }] });
    });

    it('owns its record again when back and nobody took it over, resending what left by beacon', () => {
      const { store, storage, key } = setup();
      store.add(event('e1'));
      store.add(event('e2'));
      store.settle(store.take({ maxEvents: 1, maxBytes: 100_000 }), 'unacked');
      store.close();
      store.reopen();
      expect(ids(store.pending())).toEqual(['e1', 'e2']);
      expect(read(storage, key)).not.toHaveProperty('c');
      expect(read(storage, key)!.e.map((e) => e.id)).toEqual(['e1', 'e2']);
    });

    it('forgets the events another page took over while it was in the cache, so none is sent twice', () => {
      const storage = createMemoryStorage();
      const now = 1_000_000;
      const frozen = setup({ storage, tabId: 'tab-a', now: () => now });
      frozen.store.add(event('e1'));
      frozen.store.add(event('e2'));
      frozen.store.settle(frozen.store.take({ maxEvents: 1, maxBytes: 100_000 }), 'unacked');
      frozen.store.close();
      const next = setup({ storage, tabId: 'tab-b', now: () => now });
      expect(next.store.adoptOrphans()).toBe(2);
      frozen.store.reopen();
      expect(frozen.store.size()).toBe(0);
      expect(frozen.store.pending()).toEqual([]);
      expect(storage.getItem(frozen.key)).toBeNull();
      expect(next.store.ids()).toEqual(['e1', 'e2']);
    });

    it('keeps an event still in flight when another page took the record over', () => {
      const storage = createMemoryStorage();
      const frozen = setup({ storage, tabId: 'tab-a' });
      frozen.store.add(event('e1'));
      frozen.store.add(event('e2'));
      frozen.store.take({ maxEvents: 1, maxBytes: 100_000 }); // e1 in a request that has not answered yet
      frozen.store.close();
      setup({ storage, tabId: 'tab-b' }).store.adoptOrphans();
      frozen.store.reopen();
      expect(frozen.store.ids()).toEqual(['e1']);
      expect(frozen.store.pending()).toEqual([]);
    });
  });
});

describe('utf8Length', () => {
  it.each([
    ['ASCII', 'hello world', 11],
    ['two-byte letters', 'ünïcödé', 11],
    ['three-byte symbols', '€ — ✓', 11],
    ['four-byte emoji (surrogate pairs)', '🎉🚀', 8],
    ['a mix', 'a€🎉é', 10],
    ['ASCII with one letter beyond it at the end', `${'x'.repeat(300)}é`, 302],
    ['a control character', 'a\u0000b\u007f', 4],
    ['an empty string', '', 0],
  ])('counts %s as UTF-8 bytes', (_name, text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  });

  it('agrees with TextEncoder on JSON of multibyte text', () => {
    const json = JSON.stringify({ name: 'Zoë Løvgren', city: '東京', note: '👩‍👩‍👧 €5', lone: '\ud800' });
    expect(utf8Length(json)).toBe(new TextEncoder().encode(json).length);
  });
});
