import type { ContextStep, Hit } from '../context/context-step';
import { CairnError, ValidationError } from '../lib/errors';
import type { Logger } from '../lib/log';
import type { ResolvedGoal } from '../schema/parse-config';
import type { PageContext, TrackedEvent } from '../schema/types';
import type { FireOptions } from '../triggers/trigger-host';
import { nameOf } from '../lib/name-of';
import { applyBeforeSend, buildEvent, findGoal } from './build-event';

/** How a hit came in: from a trigger (named, maybe with DOM strings to coerce) or a `track()` call. */
export interface RecordOptions extends FireOptions {
  /** The trigger kind that fired it (`click`, `pageview`, `html`...). */
  trigger?: string;
}

/** Takes one hit through the pipeline. Never throws. */
export type RecordHit = (goal: unknown, props: unknown, options?: RecordOptions) => void;

/** The first part of the pipeline, which runs whatever consent says. */
export interface RecorderParts {
  goals: ReadonlyMap<string, ResolvedGoal>;
  /** Event times (the script tag replays queued calls with their own). */
  clock: () => number;
  /** The page of a hit: the current one, or the one of its `href` when the page moved on. */
  page: (href: string | undefined) => PageContext;
  /** Props as sent: personal data redacted (or as they are, when redaction is off). */
  redact: (props: Record<string, unknown>, goal: ResolvedGoal) => Record<string, unknown>;
  /** Where a hit goes next: consent decides (consent/consent-gate.ts). */
  route: (hit: Hit) => void;
  /** A rejected hit: logged, passed to the hooks. */
  report: (error: CairnError) => void;
}

/** The rest of the pipeline, in the engine that stores and sends. */
export interface PipelineParts {
  newId: () => string;
  once: OncePolicy;
  /** Context providers, run in order on every event. */
  context: readonly ContextStep[];
  beforeSend?: (event: TrackedEvent) => TrackedEvent | null | undefined;
  /** Queues an event; `false` when it was dropped (the store is full). */
  enqueue: (event: TrackedEvent) => boolean;
  log: Logger;
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

const failed = (goal: unknown, error: unknown) => new CairnError('validation', `could not track "${nameOf(goal)}": ${nameOf(error)}`);

/**
 * The tracker's pipeline, one small step after another: resolve the goal → validate its props →
 * redact them, note the time and page → consent (hold, drop or go on) → `once` → build the event →
 * context steps → `beforeSend` → queue. The hit is complete before consent, so one held until a
 * grant goes on with its own time and page. A step that rejects the hit reports why (or, for
 * consent, `once` and `beforeSend`, says so in debug) and the hit goes no further.
 */
export function createRecorder(parts: RecorderParts): RecordHit {
  return (goal, props, options = NO_OPTIONS) => {
    try {
      const found = findGoal(parts.goals, goal);
      if (found instanceof ValidationError) return parts.report(found);
      // Validated (and coerced from the DOM).
      const result = found.validate(props, options.coerce ?? false);
      if ('issues' in result) return parts.report(new ValidationError(found.id, result.issues));
      const ts = parts.clock();
      parts.route({ goal: found, props: parts.redact(result.props, found), ts, trigger: options.trigger, page: parts.page(options.href) });
    } catch (error) {
      parts.report(failed(goal, error));
    }
  };
}

/** The pipeline from `once` on, for hits consent let through. Never throws. */
export function createPipeline(parts: PipelineParts): (hit: Hit) => void {
  const { log } = parts;
  return (hit) => {
    const id = hit.goal.id;
    try {
      const scope = hit.goal.definition.once;
      if (scope && parts.once.seen(id, scope, hit.ts)) return log.debug(`${id}: already counted this ${scope}, skipped`);
      const built = buildEvent(hit, parts.newId());
      const steps = parts.context;
      for (let i = 0; i < steps.length; i++) steps[i]!(built, hit);
      const event = applyBeforeSend(parts.beforeSend, built);
      if (!event) return log.debug(`${id}: dropped by beforeSend`);
      // Counted only once queued: a micro event dropped by a full store may be tracked again.
      if (!parts.enqueue(event)) return;
      parts.once.count(id, scope);
      parts.queued(event);
    } catch (error) {
      parts.report(failed(id, error));
    }
  };
}
