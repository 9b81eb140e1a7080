import { TransportError } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { EventQueue } from '../queue/event-queue';
import type { QueuedEvent } from '../queue/queued-events';
import type { Pause } from './pause';
import { retryDelay, verdictFor } from './retry-timing';
import type { SendResult } from './send';

/** What a page's sender remembers between answers. */
export interface SenderState {
  /** Failed attempts in a row (0 after an answer that settles the batch). */
  attempt: number;
  /** Most events a batch may carry after a 413 (the collector refused a larger one). */
  splitTo: number;
  /** Number of the last batch, for debug lines that follow one batch from sending to its answer. */
  batchNumber: number;
  /** Stopped (shutdown, or frozen in the back/forward cache): nothing more is scheduled. */
  stopped: boolean;
}

/** What {@link handleAnswer} works with (the sender's options). */
export interface AnswerContext {
  queue: EventQueue;
  pause: Pause;
  log: Logger;
  onError: (error: TransportError) => void;
  maxRetryDelayMs: number;
}

/** One answered request: its batch, the answer, the dropped count it reported, its debug name. */
export interface Answer {
  batch: QueuedEvent[];
  result: SendResult;
  dropped: number;
  name: string;
}

/**
 * Settles a batch by its answer (DESIGN §5): 2xx removes it; 413 halves later batches and resends;
 * another 4xx drops it and reports its ids; a network error, 408, 429 or 5xx puts it back. Returns
 * the delay before the next attempt when one must wait (backoff with jitter, `Retry-After`).
 */
export function handleAnswer(context: AnswerContext, state: SenderState, { batch, result, dropped, name }: Answer): number | undefined {
  const { queue, log } = context;
  const verdict = verdictFor(result.status);
  if (verdict === 'done') {
    state.attempt = 0;
    context.pause.end();
    // splitTo stays: a collector that refused a size once will refuse it again on this page.
    queue.resetDropped(dropped);
    queue.settle(batch, 'done');
    log.debug(`${name} accepted (${result.status})`);
    return undefined;
  }
  if (verdict === 'drop' || (verdict === 'split' && batch.length === 1)) {
    state.attempt = 0;
    queue.settle(batch, 'done');
    const ids = batch.map((item) => item.event.id);
    context.onError(new TransportError(`Collector refused ${batch.length} event(s) with status ${result.status}`, result.status, ids));
    return undefined;
  }
  // An answer that refuses the batch says it was not stored: no need to ask about it before the
  // retry. A network error, and a gateway's 502 or 504 (the collector behind it may have stored
  // it), leave its fate unknown.
  if (result.status && result.status !== 502 && result.status !== 504) for (const item of batch) item.tried = false;
  queue.settle(batch, 'retry');
  if (verdict === 'split') {
    state.splitTo = Math.max(1, Math.ceil(batch.length / 2));
    log.debug(`${name} too large (413): next batches hold at most ${state.splitTo} event(s)`);
    return undefined;
  }
  if (state.stopped) return undefined; // an answer that came after stop() arms no timer
  state.attempt++;
  const delay = retryDelay(state.attempt, context.maxRetryDelayMs, result.retryAfterMs);
  log.debug(`${name} failed (${result.status || 'network error'}): retry ${state.attempt} in ${delay} ms`);
  if (result.retryAfterMs !== undefined) context.pause.start(Date.now() + delay);
  return delay;
}
