import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TransportError } from '../../src/lib/errors';
import type { Logger } from '../../src/lib/log';
import { createMemoryStorage, type KeyValueStorage } from '../../src/lib/storage';
import { utf8Length } from '../../src/lib/utf8';
import { createEventQueue, type EventQueue } from '../../src/queue/event-queue';
import type { TrackedEvent } from '../../src/schema/types';
import { createPause } from '../../src/transport/pause';
import { beaconBatch, KEEPALIVE_LIMIT, postBatch, REQUEST_TIMEOUT_MS, type SendResult } from '../../src/transport/send';
import { createSender } from '../../src/transport/sender';
import { testEvent } from '../support/events';

type Win = Window & typeof globalThis;

interface SentBody {
  v: number;
  dropped?: number;
  context: Record<string, unknown>;
  events: TrackedEvent[];
}

/** The parts of `window` delivery uses, with timers that follow vitest's fake clock. */
function fakeWindow(): Win & { navigator: { onLine: boolean } } {
  const target = new EventTarget();
  return Object.assign(target, {
    navigator: { onLine: true },
    setTimeout: (fn: () => void, ms?: number) => setTimeout(fn, ms),
    clearTimeout: (id?: number) => clearTimeout(id),
  }) as unknown as Win & { navigator: { onLine: boolean } };
}

/** A test event of `kind` with a product's props; every call a new id (test/support/events.ts). */
function event(kind: 'micro' | 'macro' = 'micro', props: Record<string, unknown> = { sku: 'A-1', price: 19.99, qty: 1 }): TrackedEvent {
  return testEvent({ kind, props, ts: Date.now() });
}

const ENDPOINT = 'https://collect.test/cairn';
const PAUSE_KEY = 'cairn:wait:test:';

/** The sender of a page, as the tracker makes it, with `post` and `beacon` in the shape of the default transport. */
function createTestSender(options: { win: Win; queue: EventQueue; post: typeof postBatch; beacon?: typeof beaconBatch; pauseStorage: KeyValueStorage; log?: Logger; onError?: (error: TransportError) => void; maxEvents?: number; maxBytes?: number; intervalMs?: number; maxRetryDelayMs?: number }) {
  const { win, queue, post, beacon = () => true } = options;
  return createSender({
    win,
    queue,
    transport: { post: (body, bytes) => post(win, ENDPOINT, body, bytes), beacon: (body) => beacon(win, ENDPOINT, body) },
    pause: createPause(options.pauseStorage, PAUSE_KEY),
    batch: { maxEvents: options.maxEvents ?? 100, maxBytes: options.maxBytes ?? 60_000, intervalMs: options.intervalMs ?? 2_000 },
    maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
    log: options.log ?? { debug: vi.fn(), warn: vi.fn(), error: vi.fn() },
    onError: options.onError ?? vi.fn(),
  });
}

interface Deferred {
  resolve(result: SendResult): void;
}

/**
 * A delivery with fakes for `post` and `beacon`. `answers` are given in order to the requests
 * (the last one repeats); an answer of `'hold'` leaves the request open until `release()`.
 */
interface SetupOptions {
  answers?: (SendResult | 'hold')[];
  beaconAnswers?: boolean[];
  /** Where the Retry-After wait is kept: share one between two setups to play two pages of a site. */
  pauseStorage?: KeyValueStorage;
  maxEvents?: number;
  maxBytes?: number;
  maxRetryDelayMs?: number;
}

function setup(options: SetupOptions = {}) {
  const { answers = [{ status: 200 }], beaconAnswers = [true], ...rest } = options;
  const win = fakeWindow();
  const storage = createMemoryStorage();
  const store = createEventQueue({ storage, key: 'cairn:q:test:tab', maxEvents: 100_000, now: () => Date.now(), onDrop: () => {} });
  const requests: { at: number; ids: string[]; body: SentBody; bytes: number }[] = [];
  const beacons: { ids: string[]; body: string }[] = [];
  const held: Deferred[] = [];
  let answer = 0;
  const post = vi.fn<typeof postBatch>((_win, _url, body, bytes) => {
    const parsed = JSON.parse(body) as SentBody;
    requests.push({ at: Date.now(), ids: parsed.events.map((e) => e.id), body: parsed, bytes });
    const next = answers[Math.min(answer++, answers.length - 1)]!;
    if (next === 'hold') return new Promise<SendResult>((resolve) => held.push({ resolve }));
    return Promise.resolve(next);
  });
  let beaconAnswer = 0;
  const beacon = vi.fn<typeof beaconBatch>((_win, _url, body) => {
    beacons.push({ ids: (JSON.parse(body) as SentBody).events.map((e) => e.id), body });
    return beaconAnswers[Math.min(beaconAnswer++, beaconAnswers.length - 1)]!;
  });
  const log = { debug: vi.fn<Logger['debug']>(), warn: vi.fn<Logger['warn']>(), error: vi.fn<Logger['error']>() };
  const onError = vi.fn<(error: TransportError) => void>();
  const delivery = createTestSender({ win, queue: store, post, beacon, log, onError, pauseStorage: rest.pauseStorage ?? storage, ...rest });
  /** Queues events as the tracker does: add, persist, then check. */
  const track = (events: TrackedEvent[]) => {
    for (const e of events) store.add(e);
    store.persist();
    delivery.check({ urgent: events.some((e) => e.kind === 'macro') });
    return events.map((e) => e.id);
  };
  /** Queues events without asking delivery to send (as a page does between two sends). */
  const queue = (events: TrackedEvent[]) => {
    for (const e of events) store.add(e);
    store.persist();
    return events.map((e) => e.id);
  };
  return { win, storage, store, delivery, post, beacon, requests, beacons, held, log, onError, track, queue };
}

/** Lets pending promises settle and timers due by then run. */
const settle = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('delivery', () => {
  describe('what each answer does', () => {
    // Case, status, outcome. `done`: removed, no error. `drop`: removed and reported with the ids.
    // `retry`: kept and sent again later with the same ids.
    const table: [number, number, 'done' | 'drop' | 'retry'][] = [
      [1, 200, 'done'],
      [2, 204, 'done'],
      [3, 400, 'drop'],
      [4, 401, 'drop'],
      [5, 403, 'drop'],
      [6, 404, 'drop'],
      [7, 422, 'drop'],
      [8, 408, 'retry'],
      [9, 429, 'retry'],
      [10, 500, 'retry'],
      [11, 502, 'retry'],
      [12, 503, 'retry'],
      [13, 0, 'retry'],
    ];

    it.each(table)('case %i: status %i → %s', async (_case, status, outcome) => {
      const { track, store, requests, onError, log } = setup({ answers: [{ status }, { status: 200 }] });
      const ids = track([event('macro'), event()]);
      await settle();
      expect(requests).toHaveLength(1);
      if (outcome === 'done') {
        expect(store.size()).toBe(0);
        expect(onError).not.toHaveBeenCalled();
      }
      if (outcome === 'drop') {
        expect(store.size()).toBe(0);
        expect(onError).toHaveBeenCalledOnce();
        const error = onError.mock.calls[0]![0];
        expect(error).toBeInstanceOf(TransportError);
        expect(error).toMatchObject({ code: 'transport', status, eventIds: ids });
        // The tracker prints the error it receives; delivery itself prints nothing more.
        expect(log.warn).not.toHaveBeenCalled();
      }
      if (outcome === 'retry') {
        expect(store.ids()).toEqual(ids);
        expect(store.pending()).toHaveLength(2);
        expect(onError).not.toHaveBeenCalled();
      }
      // Ten minutes later: a retried batch went again with the same ids; others never left twice.
      await settle(600_000);
      expect(requests).toHaveLength(outcome === 'retry' ? 2 : 1);
      if (outcome === 'retry') {
        expect(requests[1]!.ids).toEqual(ids);
        expect(store.size()).toBe(0);
      }
    });

    it('case 14: status 413 splits the batch into halves, sent at once', async () => {
      const { track, requests, store, onError } = setup({ answers: [{ status: 413 }, { status: 200 }] });
      const ids = track([event('macro'), event(), event(), event(), event()]);
      await settle();
      expect(requests.map((r) => r.ids)).toEqual([ids, ids.slice(0, 3), ids.slice(3)]);
      expect(store.size()).toBe(0);
      expect(onError).not.toHaveBeenCalled();
    });

    it('case 15: status 413 on a single event drops it and reports it', async () => {
      const { track, requests, store, onError } = setup({ answers: [{ status: 413 }] });
      const [id] = track([event('macro')]);
      await settle(600_000);
      expect(requests).toHaveLength(1);
      expect(store.size()).toBe(0);
      expect(onError.mock.calls[0]![0]).toMatchObject({ status: 413, eventIds: [id] });
    });

    it('case 17: remembers the size a 413 taught for the rest of the page', async () => {
      const { track, post, store } = setup();
      let refused = 0;
      post.mockImplementation(async (_win, _url, body) => {
        const count = (JSON.parse(body) as SentBody).events.length;
        if (count > 2) return refused++, { status: 413 };
        return { status: 200 };
      });
      track([event('macro'), event(), event(), event()]);
      await settle();
      track([event('macro'), event(), event(), event()]);
      await settle();
      expect(refused).toBe(1);
      expect(store.size()).toBe(0);
    });

    it('case 18: drops an event larger than any request may be, reporting it, and sends the others', async () => {
      const { track, requests, store, onError } = setup();
      const huge = event('micro', { blob: 'x'.repeat(70_000) });
      const [hugeId, smallId] = track([huge, event('macro')]);
      await settle();
      expect(requests.flatMap((r) => r.ids)).toEqual([smallId]);
      expect(store.size()).toBe(0);
      expect(onError.mock.calls[0]![0]).toMatchObject({ status: 0, eventIds: [hugeId] });
    });

    it('case 16: 413 keeps halving until batches fit, delivering every event once', async () => {
      const { track, post, store, onError } = setup();
      const accepted: string[] = [];
      // A collector that takes at most one event per request.
      post.mockImplementation(async (_win, _url, body) => {
        const ids = (JSON.parse(body) as SentBody).events.map((e) => e.id);
        if (ids.length > 1) return { status: 413 };
        accepted.push(...ids);
        return { status: 200 };
      });
      const ids = track([event('macro'), event(), event(), event()]);
      await settle();
      expect(accepted).toEqual(ids);
      expect(store.size()).toBe(0);
      expect(onError).not.toHaveBeenCalled();
    });

    it('treats a post that throws as a network error and retries', async () => {
      const { track, store, post } = setup();
      post.mockRejectedValueOnce(new TypeError('Failed to fetch'));
      track([event('macro')]);
      await settle();
      expect(store.pending()).toHaveLength(1);
      await settle(60_000);
      expect(store.size()).toBe(0);
    });
  });

  describe('retry timing', () => {
    it('keeps a Retry-After wait where the next page of the site finds it, and clears it after a success', async () => {
      const site = createMemoryStorage();
      const until = () => Number(site.getItem(PAUSE_KEY)) || 0;
      const first = setup({ answers: [{ status: 429, retryAfterMs: 5_000 }], pauseStorage: site });
      first.track([event('macro')]);
      await settle();
      expect(until()).toBeGreaterThanOrEqual(Date.now() + 4_900);
      first.delivery.stop();
      // The next page: its events wait until the collector's time is up.
      const next = setup({ answers: [{ status: 200 }], pauseStorage: site });
      next.track([event('macro')]);
      await settle(4_000);
      expect(next.requests).toHaveLength(0);
      await settle(1_100);
      expect(next.requests).toHaveLength(1);
      expect(until()).toBe(0);
    });

    it('sends nothing before Retry-After has elapsed', async () => {
      const { track, requests } = setup({ answers: [{ status: 429, retryAfterMs: 30_000 }, { status: 200 }] });
      track([event('macro')]);
      await settle();
      const start = requests[0]!.at;
      await settle(29_999);
      expect(requests).toHaveLength(1);
      await settle(1);
      expect(requests).toHaveLength(2);
      expect(requests[1]!.at - start).toBe(30_000);
    });

    it('does not send a new macro event while a Retry-After is pending', async () => {
      const { track, requests } = setup({ answers: [{ status: 503, retryAfterMs: 10_000 }, { status: 200 }] });
      track([event('macro')]);
      await settle();
      const late = track([event('macro')]);
      await settle(5_000);
      expect(requests).toHaveLength(1);
      await settle(5_000);
      expect(requests).toHaveLength(2);
      expect(requests[1]!.ids).toContain(late[0]);
    });

    it('backs off exponentially, capped by maxRetryDelayMs', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(0.999);
      const { track, requests } = setup({ answers: [{ status: 500 }], maxRetryDelayMs: 5_000 });
      track([event('macro')]);
      await settle(40_000);
      const gaps = requests.slice(1).map((r, i) => r.at - requests[i]!.at);
      expect(gaps.slice(0, 6)).toEqual([999, 1_998, 3_996, 4_995, 4_995, 4_995]);
    });

    it('starts the backoff again after a success', async () => {
      vi.spyOn(Math, 'random').mockReturnValue(0.999);
      const { track, requests } = setup({ answers: [{ status: 500 }, { status: 500 }, { status: 200 }, { status: 500 }, { status: 200 }] });
      track([event('macro')]);
      await settle(10_000);
      expect(requests).toHaveLength(3);
      track([event('macro')]);
      await settle();
      await settle(999);
      expect(requests).toHaveLength(5);
    });

    it('keeps every event id unchanged across retries', async () => {
      const { track, requests, store } = setup({ answers: [{ status: 500 }, { status: 0 }, { status: 429 }, { status: 503 }, { status: 200 }] });
      const ids = track([event('macro'), event(), event()]);
      await settle(120_000);
      expect(requests).toHaveLength(5);
      for (const request of requests) expect(request.ids).toEqual(ids);
      expect(store.size()).toBe(0);
    });
  });

  describe('when to send', () => {
    it('waits for the interval (2 s by default) before sending micro events', async () => {
      const { track, requests } = setup();
      const ids = track([event()]);
      await settle(1_999);
      expect(requests).toHaveLength(0);
      track([event()]);
      await settle(1);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.ids[0]).toBe(ids[0]);
      expect(requests[0]!.ids).toHaveLength(2);
    });

    it('sends a macro event at once, with the micro events waiting before it', async () => {
      const { track, requests } = setup();
      const micro = track([event()]);
      const macro = track([event('macro')]);
      await settle();
      expect(requests.map((r) => r.ids)).toEqual([[...micro, ...macro]]);
    });

    it('sends as soon as maxEvents are waiting', async () => {
      const { track, requests } = setup({ maxEvents: 5 });
      track([event(), event(), event(), event()]);
      await settle();
      expect(requests).toHaveLength(0);
      track([event()]);
      await settle();
      expect(requests).toHaveLength(1);
      expect(requests[0]!.ids).toHaveLength(5);
    });

    it('sends as soon as the waiting events reach the byte limit', async () => {
      // 3,000 bytes less 1,024 for the envelope: two events of about 1,050 bytes pass it.
      const { track, requests } = setup({ maxBytes: 3_000 });
      track([event('micro', { text: 'x'.repeat(800) })]);
      await settle();
      expect(requests).toHaveLength(0);
      track([event('micro', { text: 'y'.repeat(800) })]);
      await settle();
      expect(requests.length).toBeGreaterThan(0);
    });

    it('keeps one request in flight at a time, however many events arrive meanwhile', async () => {
      const { track, requests, held } = setup({ answers: ['hold', { status: 200 }] });
      const first = track([event('macro')]);
      await settle();
      const later = [...track([event('macro')]), ...track([event('macro'), event()]), ...track([event('macro')])];
      await settle(10_000);
      expect(requests).toHaveLength(1);
      held[0]!.resolve({ status: 200 });
      await settle();
      expect(requests.map((r) => r.ids)).toEqual([first, later]);
    });

    it('sends 1,000 events in 10 requests with the defaults', async () => {
      const { track, requests, store } = setup();
      const ids = track(Array.from({ length: 1_000 }, () => event()));
      await settle(2_000);
      expect(requests).toHaveLength(10);
      expect(requests.flatMap((r) => r.ids)).toEqual(ids);
      expect(new Set(requests.flatMap((r) => r.ids)).size).toBe(1_000);
      expect(store.size()).toBe(0);
    });

    it('passes the UTF-8 byte length of the body, so a multibyte body is measured right', async () => {
      const { track, requests } = setup();
      track([event('macro', { city: '東京', note: '🎉' })]);
      await settle();
      const { bytes } = requests[0]!;
      const body = JSON.stringify(requests[0]!.body);
      expect(bytes).toBeGreaterThan(body.length);
      expect(bytes).toBe(new TextEncoder().encode(body).length);
    });
  });

  describe('dropped count', () => {
    it('reports store drops in the batch until the collector accepts them', async () => {
      const win = fakeWindow();
      const storage = createMemoryStorage();
      const store = createEventQueue({ storage, key: 'cairn:q:test:tab', maxEvents: 2, now: Date.now, onDrop: () => {} });
      const bodies: SentBody[] = [];
      const answers = [500, 200, 200];
      const delivery = createTestSender({
        win,
        queue: store,
        pauseStorage: storage,
        post: async (_w, _u, body) => {
          bodies.push(JSON.parse(body) as SentBody);
          return { status: answers.shift() ?? 200 };
        },
      });
      for (const e of [event(), event(), event(), event('macro')]) store.add(e);
      store.persist();
      delivery.check({ urgent: true });
      await settle();
      expect(bodies[0]!.dropped).toBe(2);
      await settle(60_000);
      expect(bodies[1]!.dropped).toBe(2);
      expect(store.dropped()).toBe(0);
      store.add(event('macro'));
      delivery.check({ urgent: true });
      await settle();
      expect(bodies[2]).not.toHaveProperty('dropped');
    });
  });

  describe('offline', () => {
    it('waits for the online event instead of sending or retrying', async () => {
      const { win, track, requests, store } = setup();
      win.navigator.onLine = false;
      const ids = track([event('macro')]);
      await settle(600_000);
      expect(requests).toHaveLength(0);
      expect(store.ids()).toEqual(ids);
      win.navigator.onLine = true;
      win.dispatchEvent(new Event('online'));
      await settle();
      expect(requests.map((r) => r.ids)).toEqual([ids]);
    });

    it('listens for online once, however many events arrive while offline', async () => {
      const { win, track } = setup();
      const add = vi.spyOn(win, 'addEventListener');
      win.navigator.onLine = false;
      track([event('macro')]);
      track([event('macro')]);
      await settle(10_000);
      expect(add.mock.calls.filter(([type]) => type === 'online')).toHaveLength(1);
    });
  });

  describe('flush', () => {
    it('resolves once the collector accepted every event held when it was called', async () => {
      const { track, delivery, held, store } = setup({ answers: ['hold'] });
      track([event(), event()]);
      let resolved = false;
      void delivery.flush().then(() => (resolved = true));
      await settle();
      expect(resolved).toBe(false);
      held[0]!.resolve({ status: 200 });
      await settle();
      expect(resolved).toBe(true);
      expect(store.size()).toBe(0);
    });

    it('resolves after a retry succeeds, not at the failure', async () => {
      const { track, delivery } = setup({ answers: [{ status: 503 }, { status: 200 }] });
      track([event()]);
      let resolved = false;
      void delivery.flush().then(() => (resolved = true));
      await settle();
      expect(resolved).toBe(false);
      await settle(60_000);
      expect(resolved).toBe(true);
    });

    it('resolves when the events were dropped for good', async () => {
      const { track, delivery } = setup({ answers: [{ status: 400 }] });
      track([event()]);
      await expect(delivery.flush()).resolves.toBeUndefined();
    });

    it('resolves when the tracker stops, even with events still held, so no caller waits forever', async () => {
      const { track, delivery, store } = setup({ answers: [{ status: 503 }] });
      track([event()]);
      let resolved = false;
      void delivery.flush().then(() => (resolved = true));
      await settle();
      delivery.stop();
      await settle();
      expect(resolved).toBe(true);
      expect(store.size()).toBe(1);
    });

    it('resolves at once when nothing is held', async () => {
      const { delivery, post } = setup();
      await expect(delivery.flush()).resolves.toBeUndefined();
      expect(post).not.toHaveBeenCalled();
    });
  });

  describe('flushOnUnload', () => {
    it('leaves the events of a request still without an answer to that keepalive request, and keeps them stored until it is answered', async () => {
      const { track, delivery, beacons, held, store } = setup({ answers: ['hold'] });
      track([event('macro'), event()]);
      await settle();
      delivery.flushOnUnload();
      expect(beacons).toEqual([]);
      expect(store.size()).toBe(2);
      held[0]!.resolve({ status: 200 });
      await settle();
      expect(store.size()).toBe(0);
    });

    it('sends by beacon the events never sent, not those sent before (a later page asks the collector about them)', async () => {
      const { track, queue, delivery, beacons, held, store } = setup({ answers: ['hold'] });
      track([event('macro')]);
      await settle();
      const fresh = queue([event(), event()]);
      delivery.flushOnUnload();
      expect(beacons.map((b) => b.ids)).toEqual([fresh]);
      held[0]!.resolve({ status: 0 });
      await settle();
      expect(store.size()).toBe(3);
    });

    it('during a backoff sends by beacon the events never sent and those the collector refused, not those of unknown fate, and nothing while a Retry-After is pending', async () => {
      const refused = setup({ answers: [{ status: 503 }] });
      const [order] = refused.track([event('macro')]);
      await settle();
      const [fresh] = refused.queue([event()]);
      refused.delivery.flushOnUnload();
      expect(refused.beacons.map((b) => b.ids)).toEqual([[order, fresh]]);

      const unknown = setup({ answers: [{ status: 0 }] });
      unknown.track([event('macro')]);
      await settle();
      const [next] = unknown.queue([event()]);
      unknown.delivery.flushOnUnload();
      expect(unknown.beacons.map((b) => b.ids)).toEqual([[next]]);
      expect(unknown.store.size()).toBe(2);

      const told = setup({ answers: [{ status: 429, retryAfterMs: 30_000 }] });
      told.track([event('macro')]);
      await settle();
      told.delivery.flushOnUnload();
      expect(told.beacons).toHaveLength(0);
      expect(told.store.size()).toBe(1);
    });

    it('sends every waiting event by beacon, split so that each body fits the 64 KiB limit', () => {
      const { queue, delivery, beacons, store, post } = setup();
      const ids = queue(Array.from({ length: 40 }, () => event('micro', { text: 'é'.repeat(1_000) })));
      delivery.flushOnUnload();
      expect(beacons.length).toBeGreaterThan(1);
      for (const beacon of beacons) expect(utf8Length(beacon.body)).toBeLessThan(KEEPALIVE_LIMIT);
      expect(beacons.flatMap((b) => b.ids)).toEqual(ids);
      expect(post).not.toHaveBeenCalled();
      // Left without an answer: still stored, no longer waiting.
      expect(store.ids()).toEqual(ids);
      expect(store.pending()).toEqual([]);
    });

    it('keeps beaconed events in the stored record, for a later page to resend if the beacon was lost', () => {
      const { queue, delivery, storage } = setup();
      const ids = queue([event(), event()]);
      delivery.flushOnUnload();
      const record = JSON.parse(storage.getItem('cairn:q:test:tab')!) as { e: TrackedEvent[] };
      expect(record.e.map((e) => e.id)).toEqual(ids);
    });

    it('keeps events the browser refused waiting, and stops offering more', () => {
      const { queue, delivery, beacons, store } = setup({ maxEvents: 2, beaconAnswers: [true, false] });
      const ids = queue([event(), event(), event(), event(), event(), event()]);
      delivery.flushOnUnload();
      expect(beacons.map((b) => b.ids)).toEqual([ids.slice(0, 2), ids.slice(2, 4)]);
      expect(store.pending().map((item) => item.event.id)).toEqual(ids.slice(2));
      expect(store.ids()).toEqual(ids);
    });

    it('sends nothing while a Retry-After is pending', async () => {
      const { track, delivery, beacons, store } = setup({ answers: [{ status: 429, retryAfterMs: 60_000 }] });
      const ids = track([event('macro')]);
      await settle();
      delivery.flushOnUnload();
      expect(beacons).toHaveLength(0);
      expect(store.pending().map((item) => item.event.id)).toEqual(ids);
    });
  });

  describe('stop and resume', () => {
    it('stops every timer and sends nothing more after stop()', async () => {
      const { track, delivery, requests } = setup();
      track([event()]);
      expect(vi.getTimerCount()).toBe(1);
      delivery.stop();
      expect(vi.getTimerCount()).toBe(0);
      await settle(600_000);
      expect(requests).toHaveLength(0);
    });

    it('cancels a pending retry', async () => {
      const { track, delivery, requests } = setup({ answers: [{ status: 500 }] });
      track([event('macro')]);
      await settle();
      expect(vi.getTimerCount()).toBe(1);
      delivery.stop();
      expect(vi.getTimerCount()).toBe(0);
      await settle(600_000);
      expect(requests).toHaveLength(1);
    });

    it('arms no retry when a request open at stop() fails afterwards', async () => {
      const { track, delivery, requests, held, store } = setup({ answers: ['hold'] });
      const ids = track([event('macro')]);
      await settle();
      delivery.stop();
      held[0]!.resolve({ status: 500 });
      await settle();
      expect(vi.getTimerCount()).toBe(0);
      await settle(600_000);
      expect(requests).toHaveLength(1);
      expect(store.ids()).toEqual(ids);
    });

    it('removes its online listener', async () => {
      const { win, track, delivery } = setup();
      const remove = vi.spyOn(win, 'removeEventListener');
      win.navigator.onLine = false;
      track([event('macro')]);
      await settle();
      delivery.stop();
      expect(remove).toHaveBeenCalledWith('online', expect.any(Function));
    });

    it('sends what is waiting when resumed', async () => {
      const { track, delivery, requests } = setup();
      delivery.stop();
      const ids = track([event('macro')]);
      await settle();
      expect(requests).toHaveLength(0);
      delivery.resume();
      await settle();
      expect(requests.map((r) => r.ids)).toEqual([ids]);
    });
  });
});

describe('postBatch', () => {
  function windowWithFetch(fetch: (url: string, init: RequestInit) => Promise<Response>) {
    return Object.assign(fakeWindow(), { fetch: vi.fn(fetch) });
  }

  it('posts text/plain (no CORS preflight) without cookies, with keepalive under 64 KiB', async () => {
    const win = windowWithFetch(async () => new Response('{}', { status: 200 }));
    await expect(postBatch(win, 'https://collect.test/cairn', '{"v":1}', 7)).resolves.toEqual({ status: 200, retryAfterMs: undefined });
    const [url, init] = win.fetch.mock.calls[0]!;
    expect(url).toBe('https://collect.test/cairn');
    expect(init).toMatchObject({
      method: 'POST',
      body: '{"v":1}',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      keepalive: true,
      credentials: 'omit',
      mode: 'cors',
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not ask for keepalive when the body is 64 KiB or more', async () => {
    const win = windowWithFetch(async () => new Response('{}', { status: 200 }));
    await postBatch(win, '/c', 'x', KEEPALIVE_LIMIT);
    expect(win.fetch.mock.calls[0]![1].keepalive).toBe(false);
  });

  it('reads Retry-After from the answer', async () => {
    const win = windowWithFetch(async () => new Response('', { status: 429, headers: { 'Retry-After': '7' } }));
    await expect(postBatch(win, '/c', '{}', 2)).resolves.toEqual({ status: 429, retryAfterMs: 7_000 });
  });

  it('releases the answer body, so unread keepalive answers do not use up the browser quota', async () => {
    const response = new Response('{"accepted":1}', { status: 200 });
    const cancel = vi.spyOn(response.body!, 'cancel');
    const win = windowWithFetch(async () => response);
    await postBatch(win, '/c', '{}', 2);
    expect(cancel).toHaveBeenCalled();
  });

  it('turns a network error into status 0', async () => {
    const win = windowWithFetch(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(postBatch(win, '/c', '{}', 2)).resolves.toEqual({ status: 0 });
  });

  it('gives up on a request without an answer after 30 s, as status 0', async () => {
    const win = windowWithFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    let result: SendResult | undefined;
    void postBatch(win, '/c', '{}', 2).then((r) => (result = r));
    await settle(REQUEST_TIMEOUT_MS - 1);
    expect(result).toBeUndefined();
    await settle(1);
    expect(result).toEqual({ status: 0 });
  });
});

describe('beaconBatch', () => {
  it('returns what sendBeacon answers', () => {
    const sendBeacon = vi.fn(() => true);
    const win = { navigator: { sendBeacon } } as unknown as Window;
    expect(beaconBatch(win, '/c', '{}')).toBe(true);
    expect(sendBeacon).toHaveBeenCalledWith('/c', '{}');
  });

  it('returns false without sendBeacon or when it throws', () => {
    expect(beaconBatch({ navigator: {} } as unknown as Window, '/c', '{}')).toBe(false);
    const throwing = {
      navigator: {
        sendBeacon: () => {
          throw new TypeError('Illegal invocation');
        },
      },
    } as unknown as Window;
    expect(beaconBatch(throwing, '/c', '{}')).toBe(false);
  });
});
