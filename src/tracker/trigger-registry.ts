import type { Logger } from '../lib/log';
import type { ResolvedConfig } from '../schema/parse-config';
import type { StopTrigger, TriggerModule } from '../triggers/trigger-host';
import type { RecordHit } from './recorder';

/** Where the triggers of the trackers of a window are kept, by endpoint (shared by every cairn copy). */
const REGISTRY = Symbol.for('cairn.trackers');

/**
 * Starts the trigger module for a tracker, wiring its `fire` to the tracker's pipeline. A newer
 * tracker for the same page and endpoint takes the triggers over, so nothing fires twice.
 */
export function attachTriggers(
  win: Window & typeof globalThis,
  config: ResolvedConfig,
  module: TriggerModule | undefined,
  record: RecordHit,
  log: Logger,
): StopTrigger {
  const goals = [...config.goals.values()];
  if (!module) {
    if (goals.some((goal) => goal.definition.triggers?.length)) {
      log.warn('goals declare triggers, but no trigger module was passed: createTracker(config, { triggers })');
    }
    return () => {};
  }
  const registry = ((win as unknown as Record<symbol, Map<string, StopTrigger>>)[REGISTRY] ??= new Map());
  registry.get(config.endpoint)?.();
  const stop = module.start({
    window: win,
    goals: goals.map((goal) => ({ id: goal.id, triggers: goal.definition.triggers ?? [], propNames: goal.propNames })),
    propNamesOf: (id) => config.goals.get(id)?.propNames,
    fire: (goal, props, trigger, options) => record(goal, props, { trigger, coerce: options?.coerce, href: options?.href }),
    debug: (message, ...details) => log.debug(message, ...details),
  });
  let stopped = false;
  const stopOnce: StopTrigger = () => {
    if (stopped) return;
    stopped = true;
    stop();
    if (registry.get(config.endpoint) === stopOnce) registry.delete(config.endpoint);
  };
  registry.set(config.endpoint, stopOnce);
  return stopOnce;
}
