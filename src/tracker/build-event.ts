import { ValidationError, type Issue } from '../lib/errors';
import { nameOf } from '../lib/name-of';
import type { Hit } from '../context/context-step';
import type { ResolvedGoal } from '../schema/parse-config';
import type { EventContext, TrackedEvent } from '../schema/types';

/** The first step of the pipeline: the goal by its id, or why there is none. */
export function findGoal(goals: ReadonlyMap<string, ResolvedGoal>, goal: unknown): ResolvedGoal | ValidationError {
  const resolved = typeof goal === 'string' ? goals.get(goal) : undefined;
  if (resolved) return resolved;
  const id = nameOf(goal);
  const known = [...goals.keys()];
  const issue: Issue = { path: 'goal', message: `unknown goal "${id}"${known.length ? `; known goals: ${known.slice(0, 10).join(', ')}` : ''}` };
  return new ValidationError(id, [issue]);
}

/**
 * Builds an event: the goal's metadata (kind, role, stage, value fixed or read from a prop,
 * currency), the hit's time, props and trigger, and an empty context for the context steps (which
 * also set `seq`). Fields are set one by one, in the order of the wire format, with `context` last
 * (a batch body trims the shared context off the stored string's end): object spreads cost more
 * than the rest of track() in code not yet optimised.
 */
export function buildEvent(hit: Hit, id: string): TrackedEvent {
  const { goal, props } = hit;
  const { definition } = goal;
  const event = { id, goal: goal.id, kind: definition.kind } as TrackedEvent;
  if (definition.kind === 'micro') event.role = definition.role;
  if (definition.stage !== undefined) event.stage = definition.stage;
  const value = typeof definition.value === 'string' ? props[definition.value] : definition.value;
  if (typeof value === 'number' && Number.isFinite(value)) event.value = value;
  if (definition.currency !== undefined) event.currency = definition.currency;
  event.ts = hit.ts;
  event.seq = 0;
  event.props = props;
  if (hit.trigger) event.trigger = hit.trigger;
  if (definition.purpose === 'marketing') event.purpose = 'marketing';
  event.context = {} as EventContext;
  return event;
}

/**
 * Runs the `beforeSend` hook. What it returns is queued as is; an event that cannot be stored or
 * sent (a BigInt, a circular value, no context) would break the queue for every later event, so
 * it throws here and the event is lost alone. `null` (or nothing): dropped on purpose.
 */
export function applyBeforeSend(hook: ((event: TrackedEvent) => TrackedEvent | null | undefined) | undefined, event: TrackedEvent): TrackedEvent | null {
  if (!hook) return event;
  const result = hook(event);
  if (!result) return null;
  if (typeof result !== 'object' || typeof result.context !== 'object' || result.context === null) {
    throw new TypeError('beforeSend must return the event (changed or not) or null');
  }
  JSON.stringify(result);
  return result;
}
