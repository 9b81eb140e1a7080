import { closestMatch, type SharedHandler } from './dom';
import { readTagProps } from './read-props';
import { submittedForm } from './submit';
import type { TriggerHost } from './trigger-host';

function fireTag(host: TriggerHost, element: Element, fired: Set<string>): void {
  const goal = element.getAttribute('data-cairn')?.trim();
  if (!goal || fired.has(goal)) return;
  fired.add(goal);
  // An unknown goal is still fired: the tracker reports it (warning and `error` hook), which is how
  // a typo in `data-cairn` gets noticed.
  const props = readTagProps(element, host.propNamesOf(goal) ?? [], host);
  host.fire(goal, props, 'html', { coerce: true });
}

/**
 * Handlers for HTML tagging: an element with `data-cairn="goal_id"` fires that goal on click, a
 * `<form data-cairn="goal_id">` on submit (a click inside a tagged form fires nothing by itself).
 * Props come from `data-cairn-<prop>` attributes and are coerced by the tracker.
 *
 * @example
 * // <button data-cairn="add_to_cart" data-cairn-price="19.99">Add</button>
 * const { click, submit } = htmlTagHandlers(host);
 */
export function htmlTagHandlers(host: TriggerHost): { click: SharedHandler; submit: SharedHandler } {
  return {
    click(event, fired) {
      const element = closestMatch(event, '[data-cairn]');
      if (element && element.localName !== 'form') fireTag(host, element, fired);
    },
    submit(event, fired) {
      const form = submittedForm(event);
      if (form?.hasAttribute('data-cairn')) fireTag(host, form, fired);
    },
  };
}
