import { createIdentity } from '../context/identity';
import { createPageContext, pageAt } from '../context/page';
import { createSession } from '../context/session';
import { CairnError, ConfigError, TransportError, type ValidationError } from '../lib/errors';
import { shortHash } from '../lib/hash';
import { createEventIds } from '../lib/event-id';
import { createLogger } from '../lib/log';
import { createBrowserStorage, createMemoryStorage } from '../lib/storage';
import { createEventStore } from '../queue/event-store';
import { parseConfig, type ResolvedConfig, type TriggerCheck } from '../schema/parse-config';
import type { CairnConfig, GoalId, TrackArgs, TrackedEvent } from '../schema/types';
import { createDelivery } from '../transport/delivery';
import type { StopTrigger, TriggerHost } from '../triggers/trigger-host';
import { VERSION } from '../version';
import { createEmitter } from './emitter';
import { createOncePolicy } from './once';
import { watchPageLifecycle } from './page-lifecycle';
import { buildEvent, resolveHit } from './record-event';
import { startTriggers } from './start-triggers';

/** Events a tracker emits to `tracker.on()` listeners. */
export interface TrackerEvents {
  /** An error: rejected event, refused batch, dropped events. */
  error: CairnError;
  /** An event accepted into the queue. */
  track: TrackedEvent;
}

/** A running tracker. Every method is safe to call at any time and never throws. */
export interface Tracker<C extends CairnConfig = CairnConfig> {
  /**
   * Tracks a goal. Synchronous and cheap: validation happens now, storage and sending after.
   * @example
   * cairn.track('purchase', { order_id: 'A-1001', total: 59.9 })
   */
  track<K extends GoalId<C>>(goal: K, ...props: string extends GoalId<C> ? [props?: Record<string, unknown>] : TrackArgs<C['goals'][K]>): void;
  /**
   * Sets the user id sent with the next events, or forgets it with `null` (on logout).
   * @example
   * cairn.identify('user-42')
   */
  identify(userId: string | null): void;
  /**
   * Sends what is waiting now. Resolves when those events were accepted or dropped for good.
   * @example
   * await cairn.flush()
   */
  flush(): Promise<void>;
  /**
   * Stops triggers, listeners and timers. Waiting events stay stored for the next page.
   * @example
   * cairn.shutdown()
   */
  shutdown(): void;
  /**
   * Listens to `error` or `track`. Returns a function that removes the listener.
   * @example
   * const off = cairn.on('error', (error) => report(error))
   */
  on<T extends keyof TrackerEvents>(type: T, listener: (payload: TrackerEvents[T]) => void): () => void;
}

/** A trigger module to enable declarative triggers (see `triggers` in the package entry). */
export interface TriggerModule {
  start(host: TriggerHost): StopTrigger;
  validate: TriggerCheck;
}

/** Options of {@link createTracker} that are code, not config. */
export interface TrackerOptions {
  /** The declarative trigger module (`import { triggers } from 'cairn'`). Without it, `triggers` in goals do nothing. */
  triggers?: TriggerModule;
  /** Used by the script tag: report config problems and run the valid goals instead of throwing. */
  lenient?: boolean;
  /** Clock for event times; the script tag replays calls queued before it loaded with their own times. */
  now?: () => number;
  /** Replaces `fetch` and `sendBeacon` (used by `cairn/testing` to keep batches in memory). */
  transport?: Transport;
}

/** How batch bodies leave the page. The default uses `fetch` (keepalive) and `sendBeacon`. */
export interface Transport {
  /** Sends a body; resolves with the HTTP status (0 for a network error) and any `Retry-After` in ms. */
  post(body: string): Promise<{ status: number; retryAfterMs?: number }>;
  /** Sends a body as the page goes away; `false` when it could not be queued. */
  beacon(body: string): boolean;
}

const HEARTBEAT_MS = 20_000;

/**
 * Creates a tracker from a config. Throws a {@link ConfigError} listing every problem when the
 * config is invalid; after that, nothing it returns ever throws. On the server (no `window`) it
 * returns a tracker that does nothing.
 * @example
 * const cairn = createTracker(defineConfig({ endpoint: '/collect', goals: { signup: { kind: 'macro' } } }))
 * cairn.track('signup')
 */
export function createTracker<const C extends CairnConfig>(config: C, options: TrackerOptions = {}): Tracker<C> {
  let parsed: ReturnType<typeof parseConfig>;
  try {
    parsed = parseConfig(config, options.triggers?.validate);
  } catch (error) {
    // A getter or proxy trap that throws: the caller still gets a ConfigError, not the trap's error.
    parsed = { issues: [{ path: '', message: `could not be read: ${String(error)}` }] };
  }
  const { config: resolved, issues } = parsed;
  if (issues.length) {
    const error = new ConfigError(issues);
    if (!options.lenient || !resolved) {
      if (options.lenient) createLogger(false).error(error.message.replace('[cairn] ', ''));
      if (!options.lenient) throw error;
    } else {
      createLogger(false).error(`${error.message.replace('[cairn] ', '')}\n  The other goals are tracked.`);
    }
  }
  const win = typeof window === 'undefined' ? undefined : window;
  if (!resolved || !win) return inertTracker();
  return start(resolved, win, options) as Tracker<C>;
}

function inertTracker<C extends CairnConfig>(): Tracker<C> {
  return { track() {}, identify() {}, flush: () => Promise.resolve(), shutdown() {}, on: () => () => {} };
}

function start(config: ResolvedConfig, win: Window & typeof globalThis, options: TrackerOptions): Tracker {
  const clock = options.now ?? Date.now;
  const { transport } = options;
  const log = createLogger(config.debug);
  const emitter = createEmitter<TrackerEvents>();
  const report = (error: CairnError) => {
    log.warn(error.message.replace('[cairn] ', ''));
    try {
      config.onError?.(error);
    } catch {
      // A throwing hook must not break tracking.
    }
    emitter.emit('error', error);
  };
  let warnedStorage = false;
  const storage =
    config.delivery.storage === 'memory'
      ? createMemoryStorage()
      : createBrowserStorage((error) => {
          if (!warnedStorage) log.warn(`storage unavailable (${String(error)}): events are kept in memory`);
          warnedStorage = true;
        });
  const queuePrefix = `cairn:q:${shortHash(new URL(config.endpoint, win.location.href).href)}:`;
  const endpoint = new URL(config.endpoint, win.location.href).href;
  // Outside the queue prefix, so that taking over records never reads it as one.
  const pauseKey = queuePrefix.replace('cairn:q:', 'cairn:wait:');
  const newId = createEventIds();
  const session = createSession(storage, 'cairn:session', newId);
  const identity = createIdentity(storage, 'cairn:', newId);
  const once = createOncePolicy(storage, 'cairn:once', session);
  const page = createPageContext(win);
  const store = createEventStore({
    storage,
    prefix: queuePrefix,
    tabId: newId().slice(0, 10),
    maxEvents: config.delivery.maxStoredEvents,
    now: Date.now,
    onDrop: (events) => report(new TransportError(`storage full: dropped ${events.length} micro event(s)`, 0, events.map((e) => e.id))),
  });
  const delivery = createDelivery({
    win,
    store,
    endpoint,
    ...config.batch,
    maxRetryDelayMs: config.delivery.maxRetryDelayMs,
    log,
    onError: report,
    pause: {
      get: () => Number(storage.getItem(pauseKey)) || 0,
      set: (until) => (until ? storage.setItem(pauseKey, String(until)) : storage.removeItem(pauseKey)),
    },
    ...(transport && { post: (_win, _url, body) => transport.post(body), beacon: (_win, _url, body) => transport.beacon(body) }),
  });

  let tickScheduled = false;
  let urgent = false;
  let stopped = false;
  const tick = () => {
    tickScheduled = false;
    tickTimer = undefined;
    const wasUrgent = urgent;
    urgent = false;
    store.persist();
    delivery.check(wasUrgent);
  };
  let tickTimer: number | undefined;
  const scheduleTick = (now: boolean) => {
    urgent ||= now;
    if (tickScheduled) return;
    tickScheduled = true;
    // A task of its own, not a microtask: serialising and storing a burst of events must not
    // lengthen the page's task that tracked them (a long task). pagehide persists what is left.
    tickTimer = win.setTimeout(tick, 0);
  };

  const record = (goal: unknown, props: unknown, trigger: string | undefined, coerce: boolean, href?: string) => {
    if (stopped) return;
    try {
      const hit = resolveHit(config.goals, goal, props, coerce);
      if (hit instanceof CairnError) return report(hit as ValidationError);
      const now = clock();
      const scope = hit.goal.definition.once;
      if (scope && once.seen(hit.goal.id, scope, now)) return log.debug(`${hit.goal.id}: already counted this ${scope}, skipped`);
      const { id: sessionId, seq } = session.next(now);
      const { anonymousId, userId } = identity.get();
      const context: TrackedEvent['context'] = userId ? { anonymousId, userId, sessionId } : { anonymousId, sessionId };
      context.page = href && href !== win.document.URL ? pageAt(href) : page();
      context.library = LIBRARY;
      let event: TrackedEvent | null | undefined = buildEvent(hit.goal, hit.props, { id: newId(), ts: now, seq, trigger, context });
      if (config.beforeSend) {
        event = config.beforeSend(event);
        if (!event) return log.debug(`${hit.goal.id}: dropped by beforeSend`);
        // What the hook returns is queued as is: an event that cannot be stored or sent (a BigInt, a
        // circular value, no context) would break the queue for every later event, so it is lost alone.
        if (typeof event !== 'object' || typeof event.context !== 'object' || event.context === null) {
          throw new TypeError('beforeSend must return the event (changed or not) or null');
        }
        JSON.stringify(event);
      }
      // Counted only once queued: a micro event dropped by a full store may be tracked again.
      if (!store.add(event)) return;
      once.count(hit.goal.id, scope);
      if (config.debug) log.debug(`${event.goal}: ${trigger ? `matched by the ${trigger} trigger, ` : ''}queued`, event.props);
      emitter.emit('track', event);
      scheduleTick(event.kind === 'macro');
    } catch (error) {
      report(new CairnError('validation', `[cairn] could not track "${String(goal)}": ${String(error)}`));
    }
  };

  const stopTriggers = startTriggers(win, config, options.triggers, record, log);
  const stopLifecycle = watchPageLifecycle(win, {
    hidden() {
      store.persist(true);
      delivery.check(true);
    },
    pagehide(persisted) {
      store.persist();
      delivery.flushOnUnload();
      store.close();
      if (persisted) delivery.stop();
    },
    restored() {
      store.reopen();
      delivery.resume();
    },
  });
  const adopt = () => {
    const take = () => {
      const count = store.adoptOrphans();
      if (count) log.debug(`took over ${count} event(s) left by an earlier page`);
      if (store.size()) delivery.check(count > 0);
    };
    // Two pages starting at once must not take the same record: serialise with a Web Lock when there is one.
    const locks = (win.navigator as Navigator & { locks?: LockManager }).locks;
    if (locks?.request) locks.request(`${queuePrefix}adopt`, { ifAvailable: true }, (lock) => lock && take()).catch(() => {});
    else take();
  };
  adopt();
  const heartbeat = win.setInterval(() => {
    if (store.size()) store.persist(true);
    adopt();
  }, HEARTBEAT_MS);

  return {
    track: (goal: string, ...args: unknown[]) => record(goal, args[0], undefined, false),
    identify(userId) {
      try {
        identity.identify(typeof userId === 'string' && userId ? userId.slice(0, 256) : null);
      } catch (error) {
        log.warn(`identify failed: ${String(error)}`);
      }
    },
    flush() {
      if (stopped) return Promise.resolve();
      store.persist(); // stored before anything is sent
      return delivery.flush();
    },
    shutdown() {
      if (stopped) return;
      stopped = true;
      stopTriggers();
      stopLifecycle();
      win.clearInterval(heartbeat);
      if (tickTimer !== undefined) win.clearTimeout(tickTimer);
      delivery.stop();
      store.persist();
      emitter.clear();
    },
    on: (type, listener) => emitter.on(type, listener),
  };
}

const LIBRARY = { name: 'cairn', version: VERSION };
