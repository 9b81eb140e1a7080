import { TransportError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { utf8Length, type EventStore, type QueuedEvent } from '../queue/event-store';
import { buildBatchBody } from './batch-body';
import { retryDelay, verdictFor } from './retry-timing';
import { beaconBatch, KEEPALIVE_LIMIT, postBatch, type SendResult } from './send';

/** Options of {@link createDelivery}. */
export interface DeliveryOptions {
  win: Window & typeof globalThis;
  store: EventStore;
  endpoint: string;
  maxEvents: number;
  maxBytes: number;
  intervalMs: number;
  maxRetryDelayMs: number;
  log: Logger;
  onError: (error: TransportError) => void;
  /**
   * Where the end of a server-requested wait (`Retry-After`) is kept, so that the next page of the
   * site waits too instead of sending the events it takes over at once.
   */
  pause?: { get(): number; set(until: number): void };
  /** Replaceable for tests. */
  post?: typeof postBatch;
  beacon?: typeof beaconBatch;
}

/** Room for the batch envelope (`{"v":1,"sentAt":…,"context":{…},"events":[…]}`) in byte limits. */
const ENVELOPE_BYTES = 1024;

/**
 * Sends what the store holds, one request in flight at a time: on count, bytes or a macro event at
 * once, otherwise after `intervalMs`. Retries with backoff and `Retry-After`, splits on 413, drops
 * on other 4xx, waits for `online` when offline. Pagehide leaves by beacon.
 */
export function createDelivery(options: DeliveryOptions) {
  const { win, store, log } = options;
  const post = options.post ?? postBatch;
  const beacon = options.beacon ?? beaconBatch;
  const limitBytes = Math.min(options.maxBytes, KEEPALIVE_LIMIT - 1) - ENVELOPE_BYTES;
  let inFlight = false;
  let retryTimer: number | undefined;
  let intervalTimer: number | undefined;
  let attempt = 0;
  /** Number of the last batch, for debug lines that follow one batch from sending to its answer. */
  let batchNumber = 0;
  /** End of a wait the collector asked for with Retry-After (ms since the epoch). */
  let pausedUntil = 0;
  let splitTo = Infinity;
  let stopped = false;
  let waitingOnline = false;
  const waiters: { ids: string[]; resolve: () => void }[] = [];

  const settleWaiters = () => {
    if (!waiters.length) return;
    // One set per settle: looking each id up in the queue made a flush() of a 1,000-event burst
    // cost ~50 ms of main thread (ids × events, once per batch).
    const held = new Set(store.ids());
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i]!;
      if (!waiter.ids.some((id) => held.has(id))) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };

  const onOnline = () => {
    waitingOnline = false;
    win.removeEventListener('online', onOnline);
    log.debug('back online: sending');
    void pump();
  };

  const finish = (batch: QueuedEvent[], result: SendResult, dropped: number, name: string) => {
    const verdict = verdictFor(result.status);
    if (verdict === 'done') {
      attempt = 0;
      if (options.pause?.get()) options.pause.set(0);
      // splitTo stays: a collector that refused a size once will refuse it again on this page.
      store.resetDropped(dropped);
      store.settle(batch, 'done');
      log.debug(`${name} accepted (${result.status})`);
    } else if (verdict === 'drop' || (verdict === 'split' && batch.length === 1)) {
      attempt = 0;
      store.settle(batch, 'done');
      const ids = batch.map((item) => item.event.id);
      options.onError(new TransportError(`Collector refused ${batch.length} event(s) with status ${result.status}`, result.status, ids));
    } else {
      store.settle(batch, 'retry');
      if (verdict === 'split') {
        splitTo = Math.max(1, Math.ceil(batch.length / 2));
        log.debug(`${name} too large (413): next batches hold at most ${splitTo} event(s)`);
        return;
      }
      if (stopped) return; // an answer that came after stop() arms no timer
      attempt++;
      const delay = retryDelay(attempt, options.maxRetryDelayMs, result.retryAfterMs);
      log.debug(`${name} failed (${result.status || 'network error'}): retry ${attempt} in ${delay} ms`);
      if (result.retryAfterMs !== undefined) {
        pausedUntil = Date.now() + delay;
        options.pause?.set(pausedUntil);
      }
      wait(delay);
    }
  };

  const wait = (delay: number) => {
    retryTimer = win.setTimeout(() => {
      retryTimer = undefined;
      void pump();
    }, delay);
  };

  /** Sends batches one after another until nothing is pending, a retry is scheduled, or offline. */
  const pump = async (): Promise<void> => {
    if (inFlight || retryTimer !== undefined || stopped) return;
    if (win.navigator.onLine === false) {
      if (!waitingOnline) {
        waitingOnline = true;
        win.addEventListener('online', onOnline);
        log.debug('offline: waiting for the online event');
      }
      return;
    }
    const paused = (options.pause?.get() ?? 0) - Date.now();
    if (paused > 0) {
      log.debug(`waiting ${paused} ms more, as the collector asked (Retry-After)`);
      return wait(paused);
    }
    clearInterval();
    const batch = store.take(Math.min(options.maxEvents, splitTo), limitBytes);
    if (!batch.length) return settleWaiters();
    if (batch.length === 1 && batch[0]!.bytes > limitBytes) {
      // One event larger than a request may be: no beacon could carry it, no retry would help.
      store.settle(batch, 'done');
      options.onError(new TransportError(`event "${batch[0]!.event.goal}" is ${batch[0]!.bytes} bytes, over the ${limitBytes}-byte limit: dropped`, 0, [batch[0]!.event.id]));
      return pump();
    }
    inFlight = true;
    const dropped = store.dropped();
    const body = buildBatchBody(batch, dropped, Date.now());
    const name = `batch #${++batchNumber}`;
    log.debug(`${name}: sending ${batch.length} event(s) [${batch.map((item) => item.event.goal).join(', ')}]`);
    let result: SendResult;
    try {
      // Bytes, not UTF-16 units: a multibyte body over 64 KiB must not be sent with keepalive.
      result = await post(win, options.endpoint, body, utf8Length(body));
    } catch {
      result = { status: 0 };
    }
    inFlight = false;
    finish(batch, result, dropped, name);
    settleWaiters();
    if (retryTimer === undefined && !stopped) {
      if (store.pendingSize().count) void pump();
      else schedule();
    }
  };

  const clearInterval = () => {
    if (intervalTimer !== undefined) win.clearTimeout(intervalTimer);
    intervalTimer = undefined;
  };

  /** Arms the interval flush when events are waiting. */
  const schedule = () => {
    if (intervalTimer !== undefined || stopped || !store.pendingSize().count) return;
    intervalTimer = win.setTimeout(() => {
      intervalTimer = undefined;
      void pump();
    }, options.intervalMs);
  };

  return {
    /** After events were queued and persisted: send now if a limit is reached or `urgent`, else arm the interval. */
    check(urgent: boolean) {
      const { count, bytes } = store.pendingSize();
      if (urgent || count >= options.maxEvents || bytes >= limitBytes) void pump();
      else schedule();
    },
    /** Resolves when every event held now has been accepted or dropped for good. */
    flush(): Promise<void> {
      const ids = store.ids();
      if (!ids.length) return Promise.resolve();
      const done = new Promise<void>((resolve) => waiters.push({ ids, resolve }));
      void pump();
      return done;
    },
    /**
     * The page is going away: everything waiting leaves by beacon, split to fit 64 KiB. Events the
     * browser accepted stay stored as unacknowledged (a later page resends them: at-least-once);
     * events it refused stay waiting.
     */
    flushOnUnload() {
      // A collector's Retry-After holds everything back. During an ordinary backoff, events never
      // sent still leave (else they would wait for the next visit), while those that already failed
      // wait for the next page: beaconing them again at every reload would only multiply duplicates.
      if (Math.max(pausedUntil, options.pause?.get() ?? 0) > Date.now()) return;
      const untriedOnly = retryTimer !== undefined;
      for (;;) {
        // Events of a request still without an answer leave too: the browser may cancel a fetch
        // started just before unload (seen in Chromium), and the next page may never run cairn.
        const batch = store.take(options.maxEvents, limitBytes, 0, untriedOnly, true);
        if (!batch.length) break;
        const dropped = store.dropped();
        const ok = beacon(win, options.endpoint, buildBatchBody(batch, dropped, Date.now()));
        store.settle(batch, ok ? 'unacked' : 'retry');
        log.debug(`batch #${++batchNumber}: beacon of ${batch.length} event(s) on pagehide ${ok ? 'queued' : 'refused, kept for the next page'}`);
        if (!ok) break;
      }
    },
    /** Stops timers and listeners; held events stay stored for the next page. */
    stop() {
      stopped = true;
      // Nothing more will be sent by this page: settle every flush() still waiting.
      for (const waiter of waiters.splice(0)) waiter.resolve();
      clearInterval();
      if (retryTimer !== undefined) win.clearTimeout(retryTimer);
      retryTimer = undefined;
      win.removeEventListener('online', onOnline);
    },
    /** Sends again after a stop (back from the back/forward cache). */
    resume() {
      stopped = false;
      void pump();
    },
  };
}
