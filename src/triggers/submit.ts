import type { SubmitTrigger } from '../schema/trigger-types';
import { eventElements, safeMatches, type GoalTrigger, type SharedHandler } from './dom';
import { readProps } from './read-props';
import type { TriggerHost } from './trigger-host';

/**
 * The form a `submit` event is about. Browsers fire `submit` only after constraint validation
 * passed, so an invalid form never counts.
 */
export function submittedForm(event: Event): Element | undefined {
  const [target] = eventElements(event);
  return target?.localName === 'form' ? target : undefined;
}

/**
 * Handles `submit` triggers for the shared submit listener: a submitted form that itself matches a
 * trigger's selector fires its goal with the mapped props (`{ coerce: true }`). Field values are read
 * only for fields named with `field:<name>`, never password fields.
 *
 * @example
 * const onSubmit = submitHandler(host, [{ goal, trigger: { on: 'submit', selector: '#signup' } }]);
 */
export function submitHandler(host: TriggerHost, entries: readonly GoalTrigger<SubmitTrigger>[]): SharedHandler {
  return (event, fired) => {
    const form = submittedForm(event);
    if (!form) return;
    for (const { goal, trigger } of entries) {
      if (fired.has(goal.id) || !safeMatches(form, trigger.selector)) continue;
      fired.add(goal.id);
      host.fire(goal.id, readProps(form, trigger.props, host), 'submit', { coerce: true });
    }
  };
}
