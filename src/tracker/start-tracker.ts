import { nameOf } from '../lib/name-of';
import { identityStep, createIdentity } from '../context/identity';
import { libraryStep } from '../context/library';
import { pageStep } from '../context/page';
import { createSession, sessionStep } from '../context/session';
import { type CairnError, TransportError } from '../lib/errors';
import { createEventIds } from '../lib/event-id';
import { createLogger, type Logger } from '../lib/log';
import { createBrowserStorage, createMemoryStorage, type KeyValueStorage } from '../lib/storage';
import { queueKeys, visitorKeys } from '../lib/storage-keys';
import { createEventQueue, type EventQueue } from '../queue/event-queue';
import { watchOrphans } from '../queue/orphans';
import type { ResolvedConfig } from '../schema/parse-config';
import { createPause } from '../transport/pause';
import { httpTransport } from '../transport/send';
import { createSender, type Sender } from '../transport/sender';
import { createEmitter, type Emitter } from './emitter';
import { createOncePolicy } from './once';
import { watchPageLifecycle } from './page-lifecycle';
import { createRecorder, type RecordHit } from './recorder';
import { createTick } from './tick';
import { attachTriggers } from './trigger-registry';
import { visitorMethods } from './visitor-methods';
import type { Tracker, TrackerEvents, TrackerOptions } from './tracker-types';

/**
 * Wires a tracker for a valid config in a browser: storage, the visitor's ids, the pipeline
 * (tracker/recorder.ts), the queue and its sender, triggers, the page lifecycle and the takeover
 * of other pages' records. Holds no logic of its own beyond the wiring.
 */
export function startTracker(config: ResolvedConfig, win: Window & typeof globalThis, options: TrackerOptions & { clock: () => number; landing?: string }): Tracker {
  const log = createLogger(config.debug);
  const emitter = createEmitter<TrackerEvents>();
  const report = reporter(log, config.onError, emitter);
  const storage = openStorage(config, log);
  const newId = createEventIds();
  const session = createSession(storage, visitorKeys.session, newId, config.session.timeoutMs);
  const identity = createIdentity(storage, visitorKeys, newId);
  const { queue, sender, stop: stopQueue } = startQueue(config, win, { storage, log, report, newId, transport: options.transport });
  const tick = createTick(win, (urgent) => {
    queue.persist();
    sender.check({ urgent });
  });
  const steps = [identityStep(identity), sessionStep(session), pageStep(win), libraryStep];
  const recorder = createRecorder({
    goals: config.goals,
    clock: options.clock,
    newId,
    once: createOncePolicy(storage, visitorKeys.onceUser, session),
    context: steps,
    beforeSend: config.beforeSend,
    enqueue: (event) => queue.add(event),
    log,
    report,
    queued(event) {
      if (config.debug) log.debug(`${event.goal}: ${event.trigger ? `matched by the ${event.trigger} trigger, ` : ''}queued`, event.props);
      emitter.emit('track', event);
      tick.schedule(event.kind === 'macro');
    },
  });
  let stopped = false;
  const record: RecordHit = (goal, props, hit) => void (stopped || recorder(goal, props, hit));
  const plugin = options.context?.start({ win, config, storage, session, record, log, landing: options.landing, abandoned: (a) => emitter.emit('abandon', a) });
  if (plugin) steps.push(...plugin.steps);
  const stopTriggers = attachTriggers(win, config, options.triggers, record, log);
  return {
    // Two parameters, not a rest list: no array is made per call.
    track: ((goal: string, props?: unknown) => void record(goal, props)) as Tracker["track"],
    ...visitorMethods(identity, session, storage, plugin, log),
    experiment: (name, variant) => plugin?.experiment(name, variant),
    funnel: (id) => plugin?.funnel(id),
    flush() {
      if (stopped) return Promise.resolve();
      queue.persist(); // stored before anything is sent
      return sender.flush();
    },
    shutdown() {
      if (stopped) return;
      stopped = true;
      stopTriggers();
      plugin?.stop();
      tick.cancel();
      stopQueue();
      emitter.clear();
    },
    on: (type, listener) => emitter.on(type, listener),
  };
}

/** Reports an error: a console warning, the `onError` hook, then `on('error')` listeners. */
function reporter(log: Logger, onError: ResolvedConfig['onError'], emitter: Emitter<TrackerEvents>): (error: CairnError) => void {
  return (error) => {
    log.warn(error.message);
    try {
      onError?.(error);
    } catch {
      // A throwing hook must not break tracking.
    }
    emitter.emit('error', error);
  };
}

function openStorage(config: ResolvedConfig, log: Logger): KeyValueStorage {
  if (config.delivery.storage === 'memory') return createMemoryStorage();
  let warned = false;
  return createBrowserStorage((error) => {
    if (!warned) log.warn(`storage unavailable (${nameOf(error)}): events are kept in memory`);
    warned = true;
  });
}

interface QueueParts {
  storage: KeyValueStorage;
  log: Logger;
  report: (error: CairnError) => void;
  newId: () => string;
  transport: TrackerOptions['transport'];
}

/**
 * The queue of this page and what keeps it moving: its sender, the page lifecycle (hidden,
 * pagehide, back/forward cache) and the takeover of records left by closed pages.
 */
function startQueue(config: ResolvedConfig, win: Window & typeof globalThis, parts: QueueParts): { queue: EventQueue; sender: Sender; stop: () => void } {
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
  const stopLifecycle = watchPageLifecycle(win, {
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
    },
  });
  const stop = () => {
    stopLifecycle();
    stopOrphans();
    sender.stop();
    queue.persist();
  };
  return { queue, sender, stop };
}
