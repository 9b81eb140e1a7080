import type { ContextStep, Hit } from '../context/context-step';
import { CairnError, ValidationError } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { ResolvedGoal } from '../schema/parse-config';
import type { TrackedEvent } from '../schema/types';
import type { FireOptions } from '../triggers/trigger-host';
import { nameOf } from '../lib/name-of';
import { applyBeforeSend, buildEvent, resolveGoal } from './build-event';

/** How a hit came in: from a trigger (named, maybe with DOM strings to coerce) or a `track()` call. */
export interface RecordOptions extends FireOptions {
  /** The trigger kind that fired it (`click`, `pageview`, `html`...). */
  trigger?: string;
}

/** Takes one hit through the pipeline. Never throws. */
export type RecordHit = (goal: unknown, props: unknown, options?: RecordOptions) => void;

/** The parts the pipeline is made of, in the order they run. */
export interface RecorderParts {
  goals: ReadonlyMap<string, ResolvedGoal>;
  /** Event times (the script tag replays queued calls with their own). */
  clock: () => number;
  newId: () => string;
  once: OncePolicy;
  /** Context providers, run in order on every event. */
  context: readonly ContextStep[];
  beforeSend?: (event: TrackedEvent) => TrackedEvent | null | undefined;
  /** Queues an event; `false` when it was dropped (the store is full). */
  enqueue: (event: TrackedEvent) => boolean;
  log: Logger;
  /** A rejected hit: logged, passed to the hooks. */
  report: (error: CairnError) => void;
  /** An event was queued. */
  queued: (event: TrackedEvent) => void;
}

/** The `once` rule as the pipeline uses it (tracker/once.ts): skip a hit already counted, count a queued one. */
export interface OncePolicy {
  seen(goal: string, scope: OnceScope, now: number): boolean;
  count(goal: string, scope: OnceScope | undefined): void;
}

type OnceScope = NonNullable<ResolvedGoal['definition']['once']>;

const NO_OPTIONS: RecordOptions = {};

/**
 * The tracker's pipeline, one small step after another: resolve the goal → validate its props →
 * `once` → build the event → context steps → `beforeSend` → queue. A step that rejects the hit
 * reports why (or, for `once` and `beforeSend`, says so in debug) and the hit goes no further.
 */
export function createRecorder(parts: RecorderParts): RecordHit {
  const { log } = parts;
  return (goal, props, options = NO_OPTIONS) => {
    try {
      const resolved = resolveGoal(parts.goals, goal, props, options.coerce ?? false);
      if (resolved instanceof ValidationError) return parts.report(resolved);
      const hit: Hit = { goal: resolved.goal, props: resolved.props, ts: parts.clock(), trigger: options.trigger, href: options.href };
      const id = hit.goal.id;
      const scope = hit.goal.definition.once;
      if (scope && parts.once.seen(id, scope, hit.ts)) return log.debug(`${id}: already counted this ${scope}, skipped`);
      const built = buildEvent(hit, parts.newId());
      for (const step of parts.context) step(built, hit);
      const event = applyBeforeSend(parts.beforeSend, built);
      if (!event) return log.debug(`${id}: dropped by beforeSend`);
      // Counted only once queued: a micro event dropped by a full store may be tracked again.
      if (!parts.enqueue(event)) return;
      parts.once.count(id, scope);
      parts.queued(event);
    } catch (error) {
      parts.report(new CairnError('validation', `could not track "${nameOf(goal)}": ${nameOf(error)}`));
    }
  };
}
