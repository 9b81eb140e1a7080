import { nameOf } from '../lib/name-of';
import { ConfigError, type Issue } from '../lib/errors';
import { createLogger } from '../lib/log';
import { parseConfig, type ResolvedConfig } from '../schema/parse-config';
import type { CairnConfig } from '../schema/types';
import { startTracker } from './start-tracker';
import type { Tracker, TrackerOptions } from './tracker-types';

/**
 * Creates a tracker from a config. Throws a {@link ConfigError} listing every problem when the
 * config is invalid; after that, nothing it returns ever throws. On the server (no `window`) it
 * returns a tracker that does nothing.
 * @example
 * const cairn = createTracker(defineConfig({ endpoint: '/collect', goals: { signup: { kind: 'macro' } } }))
 * cairn.track('signup')
 */
export function createTracker<const C extends CairnConfig>(config: C, options: TrackerOptions = {}): Tracker<C> {
  return bootTracker(config, options, {}) as Tracker<C>;
}

/** How the script tag starts a tracker; not part of the public options. */
export interface BootOptions {
  /** Report config problems with one console error and run the valid goals, instead of throwing. */
  lenient?: boolean;
  /** Clock for event times: calls queued before the script loaded are replayed with their own times. */
  now?: () => number;
  /** The page's URL when the script ran: an app may have cleaned its query (UTMs) by the time the tracker starts. */
  landing?: string;
}

/** Creates a tracker as {@link createTracker} does, with the script tag's {@link BootOptions}. */
export function bootTracker(config: unknown, options: TrackerOptions, boot: BootOptions): Tracker {
  const { config: resolved, issues } = readConfig(config, options);
  if (issues.length) {
    const error = new ConfigError(issues);
    if (!boot.lenient) throw error;
    createLogger(false).error(resolved ? `${error.message}\n  The other goals are tracked.` : error.message);
  }
  const win = typeof window === 'undefined' ? undefined : window;
  if (!resolved || !win) return inertTracker();
  return startTracker(resolved, win, { ...options, clock: boot.now ?? Date.now, landing: boot.landing });
}

function readConfig(config: unknown, options: TrackerOptions): { config?: ResolvedConfig; issues: Issue[] } {
  try {
    return parseConfig(config, options.triggers?.validate, (c) => [options.context, options.health].flatMap((part) => part?.validate(c) ?? []));
  } catch (error) {
    // A getter or proxy trap that throws: the caller still gets a ConfigError, not the trap's error.
    return { issues: [{ path: '', message: `could not be read: ${nameOf(error)}` }] };
  }
}

function inertTracker(): Tracker {
  return { track() {}, consent() {}, identify() {}, reset() {}, experiment() {}, funnel: () => undefined, flush: () => Promise.resolve(), shutdown() {}, on: () => () => {} };
}
