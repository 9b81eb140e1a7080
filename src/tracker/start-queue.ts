import type { CairnError } from '../lib/errors';
import { TransportError } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { KeyValueStorage } from '../lib/storage';
import { queueKeys } from '../lib/storage-keys';
import { createEventQueue, type EventQueue } from '../queue/event-queue';
import { watchOrphans } from '../queue/orphans';
import { ADOPTED_WAIT_MS } from '../queue/queued-events';
import type { ResolvedConfig } from '../schema/parse-config';
import { createPause } from '../transport/pause';
import { httpTransport, type Transport } from '../transport/send';
import { createSender, type Sender } from '../transport/sender';
import { watchPageLifecycle } from './page-lifecycle';

/** What the queue is made with. */
export interface QueueParts {
  storage: KeyValueStorage;
  log: Logger;
  report: (error: CairnError) => void;
  newId: () => string;
  transport: Transport | undefined;
}

/**
 * The queue of this page and what keeps it moving: its sender, the page lifecycle (hidden,
 * pagehide, back/forward cache) and the takeover of records left by closed pages.
 */
export function startQueue(config: ResolvedConfig, win: Window & typeof globalThis, parts: QueueParts): { queue: EventQueue; sender: Sender; stop: () => void } {
  const { storage, log, report } = parts;
  const endpoint = new URL(config.endpoint, win.location.href).href;
  const keys = queueKeys(endpoint);
  const key = keys.records + parts.newId().slice(0, 10);
  const queue = createEventQueue({
    storage,
    key,
    maxEvents: config.delivery.maxStoredEvents,
    now: Date.now,
    onDrop: (events) => report(new TransportError(`storage full: dropped ${events.length} micro event(s)`, 0, events.map((e) => e.id))),
  });
  const sender = createSender({
    win,
    queue,
    transport: parts.transport ?? httpTransport(win, endpoint),
    pause: createPause(storage, keys.pause),
    batch: config.batch,
    maxRetryDelayMs: config.delivery.maxRetryDelayMs,
    log,
    onError: report,
  });
  const stopLifecycle = followLifecycle(win, queue, sender);
  const stopOrphans = watchOrphans({
    win,
    queue,
    storage,
    prefix: keys.records,
    key,
    now: Date.now,
    lockName: keys.adoptLock,
    onAdopted(count) {
      if (count) log.debug(`took over ${count} event(s) left by an earlier page`);
      if (queue.size()) sender.check({ urgent: count > 0 });
      // They wait for that page's last requests to land (queued-events.ts), then go.
      if (count) win.setTimeout(() => sender.check({ urgent: true }), ADOPTED_WAIT_MS + 50);
    },
  });
  return {
    queue,
    sender,
    stop() {
      stopLifecycle();
      stopOrphans();
      sender.stop();
      queue.persist();
    },
  };
}

/** The queue and its sender through the page's life: hidden, pagehide, back from the back/forward cache. */
function followLifecycle(win: Window & typeof globalThis, queue: EventQueue, sender: Sender): () => void {
  return watchPageLifecycle(win, {
    hidden() {
      queue.persist({ heartbeat: true });
      sender.check({ urgent: true });
    },
    pagehide(persisted) {
      queue.persist();
      sender.flushOnUnload();
      queue.close();
      if (persisted) sender.stop();
    },
    restored() {
      queue.reopen();
      sender.resume();
    },
  });
}
