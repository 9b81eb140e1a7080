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

/** Copies goal metadata onto the event: kind, role, stage, value (fixed or read from a prop), currency. */
export function goalFields(goal: ResolvedGoal, props: Record<string, unknown>): Pick<TrackedEvent, 'goal' | 'kind' | 'role' | 'stage' | 'value' | 'currency'> {
  const { definition } = goal;
  const fields: Pick<TrackedEvent, 'goal' | 'kind' | 'role' | 'stage' | 'value' | 'currency'> = { goal: goal.id, kind: definition.kind };
  if (definition.kind === 'micro') fields.role = definition.role;
  if (definition.stage !== undefined) fields.stage = definition.stage;
  const value = typeof definition.value === 'string' ? props[definition.value] : definition.value;
  if (typeof value === 'number' && Number.isFinite(value)) fields.value = value;
  if (definition.currency !== undefined) fields.currency = definition.currency;
  return fields;
}
