import { TransportError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { createTimer } from '../lib/timer';
import { utf8Length } from '../lib/utf8';
import type { EventQueue } from '../queue/event-queue';
import type { QueuedEvent } from '../queue/queued-events';
import { handleAnswer, type SenderState } from './answer';
import { buildBatchBody } from './batch-body';
import { createFlushWaiters } from './flush-waiters';
import { watchOnline } from './online';
import type { Pause } from './pause';
import { KEEPALIVE_LIMIT, type SendResult, type Transport } from './send';
import { beaconOnUnload } from './unload';

/** Options of {@link createSender}. */
export interface SenderOptions {
  win: Window & typeof globalThis;
  queue: EventQueue;
  transport: Transport;
  /** The collector's `Retry-After`, shared by the site's pages. */
  pause: Pause;
  /** When to send: `maxEvents`, `maxBytes` of a body, after `intervalMs`. */
  batch: { maxEvents: number; maxBytes: number; intervalMs: number };
  /** Longest wait between two retries. */
  maxRetryDelayMs: number;
  log: Logger;
  /** A batch refused for good, or an event too large to send. */
  onError: (error: TransportError) => void;
}

/** Sends what the queue holds; see {@link createSender}. */
export interface Sender {
  /** After events were queued and stored: send now if a limit is reached or `urgent`, else arm the interval. */
  check(options: { urgent: boolean }): void;
  /** Resolves when every event held now has been accepted or dropped for good. */
  flush(): Promise<void>;
  /** The page is going away: what is waiting leaves by beacon (see transport/unload.ts). */
  flushOnUnload(): void;
  /** Stops timers and listeners; held events stay stored for the next page. */
  stop(): void;
  /** Sends again after a stop (back from the back/forward cache). */
  resume(): void;
}

/** Room for the batch envelope (`{"v":1,"sentAt":…,"context":{…},"events":[…]}`) in byte limits. */
const ENVELOPE_BYTES = 1024;

/**
 * Sends what the queue holds, one request in flight at a time: on count, bytes or a macro event at
 * once, otherwise after `intervalMs`. Retries with backoff and `Retry-After`, splits on 413, drops
 * on other 4xx, waits for `online` when offline (rules in transport/answer.ts).
 */
export function createSender(options: SenderOptions): Sender {
  const { win, queue, log, pause } = options;
  const limits = { maxEvents: options.batch.maxEvents, maxBytes: Math.min(options.batch.maxBytes, KEEPALIVE_LIMIT - 1) - ENVELOPE_BYTES };
  const state: SenderState = { attempt: 0, splitTo: Infinity, batchNumber: 0, stopped: false };
  const [retry, interval] = [createTimer(win), createTimer(win)];
  const waiters = createFlushWaiters();
  let inFlight = false;
  const online = watchOnline(win, log, () => void pump());

  const pump = async (): Promise<void> => {
    if (inFlight || retry.armed || state.stopped || online.offline()) return;
    const paused = pause.left(Date.now());
    if (paused > 0) return log.debug(`waiting ${paused} ms more, as the collector asked (Retry-After)`), retry.arm(paused, () => void pump());
    interval.clear();
    const batch = nextBatch(options, state, limits);
    if (!batch.length) return waiters.settle(queue.ids);
    inFlight = true;
    const delay = await sendBatch(options, state, batch);
    inFlight = false;
    if (delay !== undefined) retry.arm(delay, () => void pump());
    waiters.settle(queue.ids);
    if (!retry.armed && !state.stopped) {
      if (queue.pendingSize().count) void pump();
      else schedule();
    }
  };

  /** Arms the interval flush when events are waiting. */
  const schedule = () => {
    if (!state.stopped && queue.pendingSize().count) interval.arm(options.batch.intervalMs, () => void pump());
  };

  return {
    check({ urgent }) {
      const { count, bytes } = queue.pendingSize();
      if (urgent || count >= limits.maxEvents || bytes >= limits.maxBytes) void pump();
      else schedule();
    },
    flush() {
      const ids = queue.ids();
      if (!ids.length) return Promise.resolve();
      const done = waiters.wait(ids);
      return void pump(), done;
    },
    flushOnUnload: () => beaconOnUnload(options, state, limits),
    stop() {
      state.stopped = true;
      waiters.releaseAll();
      interval.clear();
      retry.clear();
      online.stop();
    },
    resume() {
      state.stopped = false;
      void pump();
    },
  };
}

/** Sends one batch and settles it by its answer; returns the delay before a retry, if one must wait. */
async function sendBatch(options: SenderOptions, state: SenderState, taken: QueuedEvent[]): Promise<number | undefined> {
  const batch = await withoutHeld(options, taken);
  if (!batch.length) return undefined;
  const dropped = options.queue.dropped();
  const body = buildBatchBody(batch, dropped, Date.now());
  const name = `batch #${++state.batchNumber}`;
  options.log.debug(`${name}: sending ${batch.length} event(s) [${batch.map((item) => item.event.goal).join(', ')}]`);
  // Bytes, not UTF-16 units: a multibyte body over 64 KiB must not be sent with keepalive.
  const result = await options.transport.post(body, utf8Length(body)).catch((): SendResult => ({ status: 0 }));
  return handleAnswer(options, state, { batch, result, dropped, name });
}

/**
 * The batch without the events the collector already holds: when some were sent before (a retry,
 * events taken over from another page), it is asked first, and those it holds are done. A
 * collector that cannot say gets them all again (at-least-once).
 */
async function withoutHeld({ queue, transport, log }: SenderOptions, batch: QueuedEvent[]): Promise<QueuedEvent[]> {
  const unsure = batch.filter((item) => item.again).map((item) => item.event.id);
  const held = new Set(unsure.length && transport.ask ? await transport.ask(unsure) : undefined);
  const gone = batch.filter((item) => held.has(item.event.id));
  if (!gone.length) return batch;
  queue.settle(gone, 'done');
  log.debug(`the collector holds ${gone.length} of ${unsure.length} event(s) sent before: not sent again`);
  return batch.filter((item) => !held.has(item.event.id));
}

/** The next batch within the limits; an event larger than any request may be is dropped here. */
function nextBatch({ queue, onError }: SenderOptions, state: SenderState, limits: { maxEvents: number; maxBytes: number }): QueuedEvent[] {
  for (;;) {
    const batch = queue.take({ maxEvents: Math.min(limits.maxEvents, state.splitTo), maxBytes: limits.maxBytes });
    if (batch.length !== 1 || batch[0]!.bytes <= limits.maxBytes) return batch;
    // One event larger than a request may be: no beacon could carry it, no retry would help.
    queue.settle(batch, 'done');
    const { event, bytes } = batch[0]!;
    onError(new TransportError(`event "${event.goal}" is ${bytes} bytes, over the ${limits.maxBytes}-byte limit: dropped`, 0, [event.id]));
  }
}
