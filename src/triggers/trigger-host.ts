import type { TriggerCheck } from '../schema/parse-config';
import type { TriggerConfig } from '../schema/trigger-types';

/** A goal as the triggers see it: its id, its declarative triggers and the names of its props. */
export interface TriggerGoal {
  /** The goal id. */
  id: string;
  /** Its declarative triggers. */
  triggers: readonly TriggerConfig[];
  /** Names of the props the goal declares (used to map `data-cairn-<prop>` attributes). */
  propNames: readonly string[];
}

/**
 * What the tracker gives the trigger modules. Triggers read the DOM and call `fire`; validation,
 * coercion, `once` policies and delivery stay in the tracker.
 */
export interface TriggerHost {
  /** The window to watch. Triggers touch no other global. */
  window: Window & typeof globalThis;
  /** Goals that carry triggers. `data-cairn` tagging may name any goal, listed or not. */
  goals: readonly TriggerGoal[];
  /** All goal ids and their prop names, for `data-cairn="goal_id"` tagging. */
  propNamesOf(goal: string): readonly string[] | undefined;
  /**
   * Fire a goal. `props` values read from the DOM are strings; with `coerce: true` the tracker
   * coerces them with the goal's prop schema ("19.99" becomes 19.99 for a number prop).
   * Never throws.
   */
  fire(goal: string, props: Record<string, unknown>, trigger: string, options?: FireOptions): void;
  /** Debug log (silent unless `debug: true`). */
  debug(message: string, ...details: unknown[]): void;
}

/** Options of {@link TriggerHost.fire}. */
export interface FireOptions {
  /** Coerce DOM strings with the goal's prop schema. */
  coerce?: boolean;
  /**
   * The URL the event belongs to, when the page may have moved on before it fired (a pageview
   * fires one task after its navigation). Ignored while it is still the page's URL.
   */
  href?: string;
}

/** Stops a running trigger: removes its listeners, observers and timers. */
export type StopTrigger = () => void;

/**
 * A trigger module: what `createTracker(config, { triggers })` takes to fire goals from their
 * declarative `triggers` (the package's `triggers` export is the one cairn ships).
 */
export interface TriggerModule {
  /** Starts every trigger the host's goals declare; returns the function that stops them all. */
  start(host: TriggerHost): StopTrigger;
  /** Checks one trigger of a config at init (its shape, selector, pattern). */
  validate: TriggerCheck;
}
