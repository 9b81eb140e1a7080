import type { Logger } from '../lib/log';
import type { EventQueue } from '../queue/event-queue';
import type { SenderState } from './answer';
import { buildBatchBody } from './batch-body';
import type { Pause } from './pause';
import type { Transport } from './send';

/** What {@link beaconOnUnload} works with (the sender's options). */
export interface UnloadContext {
  queue: EventQueue;
  transport: Transport;
  pause: Pause;
  log: Logger;
}

/**
 * The page is going away: everything waiting leaves by beacon, split to fit 64 KiB. Events the
 * browser accepted stay stored as unacknowledged (a later page resends them: at-least-once);
 * events it refused stay waiting.
 */
export function beaconOnUnload(
  { queue, transport, pause, log }: UnloadContext,
  state: SenderState,
  limits: { maxEvents: number; maxBytes: number },
  /** A retry is waiting: events that failed already wait for the next page. */
  backingOff: boolean,
): void {
  // A collector's Retry-After holds everything back. During an ordinary backoff, events never
  // sent still leave (else they would wait for the next visit), while those that already failed
  // wait for the next page: beaconing them again at every reload would only multiply duplicates.
  if (pause.holds(Date.now())) return;
  for (;;) {
    // Events of a request still without an answer leave too: the browser may cancel a fetch
    // started just before unload (seen in Chromium), and the next page may never run cairn.
    const batch = queue.take({ ...limits, untriedOnly: backingOff, withSending: true });
    if (!batch.length) break;
    const ok = transport.beacon(buildBatchBody(batch, queue.dropped(), Date.now()));
    queue.settle(batch, ok ? 'unacked' : 'retry');
    log.debug(`batch #${++state.batchNumber}: beacon of ${batch.length} event(s) on pagehide ${ok ? 'queued' : 'refused, kept for the next page'}`);
    if (!ok) break;
  }
}
