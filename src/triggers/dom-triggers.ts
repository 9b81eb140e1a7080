import { checkTrigger } from './check-trigger';
import { startTriggers } from './start-triggers';
import type { TriggerModule } from './trigger-host';

/**
 * The declarative trigger module: pass it to `createTracker` to fire goals from their `triggers`
 * and from `data-cairn` tagging. A separate export so that apps that only call `track()` do not
 * bundle it.
 * @example
 * import { createTracker, triggers } from 'cairn'
 * const cairn = createTracker(config, { triggers })
 */
export const triggers: TriggerModule = { start: startTriggers, validate: checkTrigger };
