import { ValidationError, type Issue } from '../lib/errors';
import type { ResolvedGoal } from '../schema/parse-config';
import type { TrackedEvent } from '../schema/types';

/** Builds the parts of an event that come from the goal and its props, or the issues that reject it. */
export function resolveHit(
  goals: Map<string, ResolvedGoal>,
  goal: unknown,
  input: unknown,
  coerce: boolean,
): { goal: ResolvedGoal; props: Record<string, unknown> } | ValidationError {
  const id = typeof goal === 'string' ? goal : String(goal);
  const resolved = typeof goal === 'string' ? goals.get(goal) : undefined;
  if (!resolved) {
    const known = [...goals.keys()];
    const issue: Issue = { path: 'goal', message: `unknown goal "${id}"${known.length ? `; known goals: ${known.slice(0, 10).join(', ')}` : ''}` };
    return new ValidationError(id, [issue]);
  }
  const result = resolved.validate(input, coerce);
  return 'issues' in result ? new ValidationError(id, result.issues) : { goal: resolved, props: result.props };
}

/**
 * Builds an event: the goal's metadata (kind, role, stage, value fixed or read from a prop,
 * currency), then what the tracker gives. Fields are set one by one, in the order of the wire
 * format: object spreads cost more than the rest of track() in code not yet optimised.
 */
export function buildEvent(
  goal: ResolvedGoal,
  props: Record<string, unknown>,
  base: Pick<TrackedEvent, 'id' | 'ts' | 'seq' | 'trigger' | 'context'>,
): TrackedEvent {
  const { definition } = goal;
  const event = { id: base.id, goal: goal.id, kind: definition.kind } as TrackedEvent;
  if (definition.kind === 'micro') event.role = definition.role;
  if (definition.stage !== undefined) event.stage = definition.stage;
  const value = typeof definition.value === 'string' ? props[definition.value] : definition.value;
  if (typeof value === 'number' && Number.isFinite(value)) event.value = value;
  if (definition.currency !== undefined) event.currency = definition.currency;
  event.ts = base.ts;
  event.seq = base.seq;
  event.props = props;
  if (base.trigger) event.trigger = base.trigger;
  event.context = base.context;
  return event;
}
