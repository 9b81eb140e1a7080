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
 * The page is going away: the events never sent leave by beacon, split to fit 64 KiB. Those the
 * browser accepted stay stored as unacknowledged, those it refused stay waiting: a later page asks
 * the collector which arrived before it sends them again (at-least-once). Events sent before (a
 * retry waiting, events taken over from another page) and those of a request still without an
 * answer (a keepalive fetch, which outlives the page: every batch fits its 64 KiB limit) are not
 * beaconed: sending them twice made most of the duplicates under faults and reloads.
 */
export function beaconOnUnload({ queue, transport, pause, log }: UnloadContext, state: SenderState, limits: { maxEvents: number; maxBytes: number }): void {
  // A collector's Retry-After holds everything back.
  if (pause.holds(Date.now())) return;
  for (;;) {
    const batch = queue.take({ ...limits, untriedOnly: true, unloading: true });
    if (!batch.length) break;
    const ok = transport.beacon(buildBatchBody(batch, queue.dropped(), Date.now()));
    queue.settle(batch, ok ? 'unacked' : 'retry');
    log.debug(`batch #${++state.batchNumber}: beacon of ${batch.length} event(s) on pagehide ${ok ? 'queued' : 'refused, kept for the next page'}`);
    if (!ok) break;
  }
}
