import type { ClickTrigger } from '../schema/trigger-types';
import { closestMatch, type GoalTrigger, type SharedHandler } from './dom';
import { readProps } from './read-props';
import type { TriggerHost } from './trigger-host';

/**
 * Handles `click` triggers for the shared click listener: the closest element on the click's path
 * that matches a trigger's selector fires its goal with the mapped props (`{ coerce: true }`).
 * A goal fires at most once per click, even when several of its triggers match.
 *
 * @example
 * const onClick = clickHandler(host, [{ goal, trigger: { on: 'click', selector: '.buy' } }]);
 */
export function clickHandler(host: TriggerHost, entries: readonly GoalTrigger<ClickTrigger>[]): SharedHandler {
  return (event, fired) => {
    for (const { goal, trigger } of entries) {
      if (fired.has(goal.id)) continue;
      const element = closestMatch(event, trigger.selector);
      if (!element) continue;
      fired.add(goal.id);
      host.fire(goal.id, readProps(element, trigger.props, host), 'click', { coerce: true });
    }
  };
}
