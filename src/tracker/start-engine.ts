import type { Engine } from '../consent/consent-gate';
import { identityStep, createIdentity } from '../context/identity';
import type { ContextStep } from '../context/context-step';
import { libraryStep } from '../context/library';
import { pageStep } from '../context/page';
import { createSession, sessionStep } from '../context/session';
import type { CairnError } from '../lib/errors';
import { createEventIds } from '../lib/event-id';
import type { Logger } from '../lib/log';
import { nameOf } from '../lib/name-of';
import { closable, createBrowserStorage, createMemoryStorage, type KeyValueStorage } from '../lib/storage';
import { visitorKeys } from '../lib/storage-keys';
import type { ResolvedConfig } from '../schema/parse-config';
import type { ConsentPurposes } from '../schema/privacy-types';
import type { Emitter } from './emitter';
import { createOncePolicy } from './once';
import { createPipeline, type RecordHit } from './recorder';
import { startQueue } from './start-queue';
import { createTick } from './tick';
import type { TrackerEvents, TrackerOptions } from './tracker-types';
import { visitorMethods } from './visitor-methods';

/** What the engine is started with: the tracker's parts that run whatever consent says. */
export interface EngineParts {
  config: ResolvedConfig;
  win: Window & typeof globalThis;
  options: TrackerOptions;
  log: Logger;
  report: (error: CairnError) => void;
  emitter: Emitter<TrackerEvents>;
  /** The tracker's whole pipeline, for the context module's own events. */
  record: RecordHit;
  /** The page's URL when the tracker (or the script tag) started. */
  landing: string;
  /** Takes personal data out of a URL (lib/redact-url.ts). */
  clean: (url: string) => string;
  /** The consent state and Global Privacy Control, put on every event. */
  consent: () => ConsentPurposes;
  gpc: boolean;
  /** Steps of the health module, run after the tracker's own. */
  steps?: readonly ContextStep[];
}

/**
 * The part of a tracker that stores and sends: storage, the visitor's ids, the session, the
 * queue and its sender, the context steps and the context module. Started when a purpose is
 * granted (at once when consent is not required); before that, none of it exists.
 */
export function startEngine(parts: EngineParts): Engine {
  const { config, win, log, report } = parts;
  const storage = closable(openStorage(config, log));
  const newId = createEventIds();
  const session = createSession(storage, visitorKeys.session, newId, config.session.timeoutMs);
  const identity = createIdentity(storage, visitorKeys, newId);
  const { queue, sender, stop: stopQueue } = startQueue(config, win, { storage, log, report, newId, transport: parts.options.transport });
  const tick = createTick(win, (urgent) => {
    queue.persist();
    sender.check({ urgent });
  });
  const consentStep: ContextStep = (event) => {
    event.context.consent = parts.consent();
    if (parts.gpc) event.context.gpc = true;
  };
  const steps = [identityStep(identity), sessionStep(session), pageStep, libraryStep, consentStep, ...(parts.steps ?? [])];
  const record = createPipeline({
    newId,
    once: createOncePolicy(storage, visitorKeys.onceUser, session),
    context: steps,
    beforeSend: config.beforeSend,
    enqueue: (event) => queue.add(event),
    log,
    report,
    queued(event) {
      if (config.debug) log.debug(`${event.goal}: ${event.trigger ? `matched by the ${event.trigger} trigger, ` : ''}queued`, event.props);
      parts.emitter.emit('track', event);
      tick.schedule(event.kind === 'macro');
    },
  });
  const plugin = parts.options.context?.start({ win, config, storage, session, record: parts.record, log, landing: parts.landing, clean: parts.clean, abandoned: (a) => parts.emitter.emit('abandon', a) });
  if (plugin) steps.push(...plugin.steps);
  return {
    record,
    ...visitorMethods(identity, session, storage, plugin, log),
    experiment: (name, variant) => plugin?.experiment(name, variant),
    funnel: (id) => plugin?.funnel(id),
    flush() {
      queue.persist(); // stored before anything is sent
      return sender.flush();
    },
    stop(forget) {
      if (forget) storage.close();
      plugin?.stop();
      tick.cancel();
      stopQueue();
    },
  };
}

function openStorage(config: ResolvedConfig, log: Logger): KeyValueStorage {
  if (config.delivery.storage === 'memory') return createMemoryStorage();
  let warned = false;
  const fallBack = (error: unknown) => {
    if (!warned) log.warn(`storage unavailable (${nameOf(error)}): events are kept in memory`);
    warned = true;
  };
  return createBrowserStorage(fallBack, config.privacy.cookieless ? 'sessionStorage' : 'localStorage');
}
