import { fromZodIssues } from '../schema/config-schema';
import { getTriggerSchema } from '../schema/trigger-schema';
import type { TriggerConfig } from '../schema/types';
import type { TriggerModule } from '../tracker/create-tracker';
import { startTriggers, validateTrigger } from './start-triggers';

/** Checks a trigger's shape with its schema, then what a schema cannot: selector syntax, regex. */
function checkTrigger(trigger: TriggerConfig) {
  const parsed = getTriggerSchema().safeParse(trigger, { reportInput: true });
  if (!parsed.success) return fromZodIssues(parsed.error.issues);
  const problem = validateTrigger(trigger);
  return problem ? [{ path: '', message: problem }] : [];
}

/**
 * The declarative trigger module: pass it to `createTracker` to fire goals from their `triggers`
 * and from `data-cairn` tagging. A separate export so that apps that only call `track()` do not
 * bundle it.
 * @example
 * import { createTracker, triggers } from 'cairn'
 * const cairn = createTracker(config, { triggers })
 */
export const triggers: TriggerModule = { start: startTriggers, validate: checkTrigger };
