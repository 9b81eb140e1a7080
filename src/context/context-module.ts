import type { Issue } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { KeyValueStorage } from '../lib/storage';
import type { ResolvedConfig } from '../schema/parse-config';
import type { CairnConfig } from '../schema/types';
import type { RecordHit } from '../tracker/recorder';
import type { ContextStep } from './context-step';
import type { Session } from './session';

/** Where a visitor stands in one funnel (`tracker.funnel(id)`). */
export interface FunnelProgress {
  /** The funnel's name in the config. */
  funnel: string;
  /** Number of steps; the last is the macro goal. */
  steps: number;
  /** Furthest step reached in the current attempt, 1-based; 0 before the first. */
  reached: number;
  /** The goal of the step after the furthest one reached, when there is one. */
  next?: string;
  /** When the furthest step was reached, ms since the epoch. */
  reachedAt?: number;
}

/** A funnel left unfinished (`on('abandon')`, and the props of the abandonment event). */
export interface Abandonment {
  /** The funnel's name in the config. */
  funnel: string;
  /** The last step reached, 1-based. */
  step: number;
  /** The goal of that step. */
  goal: string;
  /** Number of steps of the funnel. */
  steps: number;
  /** The cart value, from the latest step event that carried a value. */
  value?: number;
  /** The currency of `value`. */
  currency?: string;
  /** When the last step was reached, ms since the epoch. */
  reachedAt: number;
}

/** Traits of an identified user: flat values only (`identify(userId, traits)`). */
export type Traits = { [name: string]: string | number | boolean | null };

/** What the tracker hands the context module when it starts. */
export interface ContextHost {
  /** The page's window. */
  win: Window & typeof globalThis;
  /** The checked config (its goal map takes the built-in abandonment goal). */
  config: ResolvedConfig;
  /** The tracker's storage (localStorage, or memory when it fails). */
  storage: KeyValueStorage;
  /** The tracker's session, which a landing from a new campaign restarts. */
  session: Session;
  /** Tracks an event of the tracker's own (the abandonment goal). */
  record: RecordHit;
  /** Tells `on('abandon')` listeners. */
  abandoned(abandonment: Abandonment): void;
  /** The tracker's console logger. */
  log: Logger;
  /** The page's URL when the tracker started, or when the script tag ran (else `document.URL`). */
  landing?: string;
  /** Takes personal data out of a URL as the tracker does for pages (query parameters outside the allow-list, redaction). */
  clean?: (url: string) => string;
}

/** The context module running in one tracker. */
export interface ContextPlugin {
  /** Steps run after the tracker's own (ids, session, page, library). */
  steps: readonly ContextStep[];
  /** `tracker.funnel(id)`. */
  funnel(id: string): FunnelProgress | undefined;
  /** `tracker.experiment(name, variant)`. */
  experiment(name: unknown, variant: unknown): void;
  /** Traits to send with the next event. */
  traits(traits: unknown): void;
  /** Forgets touches, funnels, journey, experiments and traits (a new visitor). */
  reset(): void;
  /** Stops its timers (`tracker.shutdown()`). */
  stop(): void;
}

/**
 * The opt-in context module (`import { context } from 'cairn/context'`): campaign, channel,
 * touches, funnel progress, journeys, abandonment, experiments and traits. Kept out of the core
 * import so that a page that does not want it does not download it.
 */
export interface ContextModule {
  /** Checks the config's `attribution`, `abandonment` and funnels further. */
  validate(config: CairnConfig): Issue[];
  /** Starts it in a tracker. */
  start(host: ContextHost): ContextPlugin;
}
