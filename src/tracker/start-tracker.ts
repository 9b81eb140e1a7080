import { createConsentGate } from '../consent/consent-gate';
import { createPageContext } from '../context/page';
import type { CairnError } from '../lib/errors';
import { createLogger, type Logger } from '../lib/log';
import { redactProps, redactText } from '../lib/redact';
import { cleanPath, cleanUrl, paramFilter } from '../lib/redact-url';
import type { ResolvedConfig } from '../schema/parse-config';
import { createEmitter, type Emitter } from './emitter';
import { createRecorder, type RecordHit } from './recorder';
import { startEngine } from './start-engine';
import { attachTriggers } from './trigger-registry';
import type { Tracker, TrackerEvents, TrackerOptions } from './tracker-types';

/**
 * Wires a tracker for a valid config in a browser: the first part of the pipeline
 * (tracker/recorder.ts), consent (consent/consent-gate.ts), which starts the part that stores and
 * sends (tracker/start-engine.ts) when a purpose is granted, and the triggers. Holds no logic of
 * its own beyond the wiring.
 */
export function startTracker(config: ResolvedConfig, win: Window & typeof globalThis, options: TrackerOptions & { clock: () => number; landing?: string }): Tracker {
  const log = createLogger(config.debug);
  const emitter = createEmitter<TrackerEvents>();
  const report = reporter(log, config.onError, emitter);
  const landing = options.landing ?? win.document.URL;
  const { redact, queryParams } = config.privacy;
  const keep = paramFilter(queryParams);
  const text = redact ? redactText : (value: string) => value;
  const clean = (url: string) => (url ? cleanUrl(url, keep, text) : url);
  const recorder = createRecorder({
    goals: config.goals,
    clock: options.clock,
    page: createPageContext(win, { url: clean, path: (path) => cleanPath(path, text), text }),
    redact: redact ? (props, goal) => redactProps(props, goal.definition.unredacted) : (props) => props,
    route: (hit) => (health?.stamp(hit), gate.route(hit)),
    report,
  });
  let stopped = false;
  const record: RecordHit = (goal, props, hit) => void (stopped || recorder(goal, props, hit));
  // Started before consent: it measures in memory only, and its events go through the gate.
  const health = options.health?.start({ win, config, record, log, clean, redact: text });
  const gate = createConsentGate({
    config,
    win,
    log,
    report,
    start: (consent, gpc) => startEngine({ config, win, options, log, report, emitter, record, landing, clean, consent, gpc, steps: health?.steps }),
  });
  const stopTriggers = attachTriggers(win, config, options.triggers, record, log);
  return {
    // Two parameters, not a rest list: no array is made per call.
    track: ((goal: string, props?: unknown) => void record(goal, props)) as Tracker['track'],
    consent: (state) => void (stopped || gate.set(state)),
    identify: (userId, traits) => gate.run((engine) => engine.identify(userId, traits)),
    reset: () => gate.run((engine) => engine.reset()),
    experiment: (name, variant) => gate.run((engine) => engine.experiment(name, variant)),
    funnel: (id) => gate.engine()?.funnel(id),
    flush: () => (stopped ? undefined : gate.engine()?.flush()) ?? Promise.resolve(),
    shutdown() {
      if (stopped) return;
      stopped = true;
      stopTriggers();
      health?.stop();
      gate.stop();
      emitter.clear();
    },
    on: (type, listener) => emitter.on(type, listener),
  };
}

/**
 * Reports an error: a console warning (a debug line for what is no fault, such as events a
 * consent denial dropped), the `onError` hook, then `on('error')` listeners.
 */
function reporter(log: Logger, onError: ResolvedConfig['onError'], emitter: Emitter<TrackerEvents>): (error: CairnError) => void {
  return (error) => {
    if (error.code === 'consent') log.debug(error.message);
    else log.warn(error.message);
    try {
      onError?.(error);
    } catch {
      // A throwing hook must not break tracking.
    }
    emitter.emit('error', error);
  };
}
