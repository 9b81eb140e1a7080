import type { FormAbandonTrigger, FormStartTrigger } from '../schema/trigger-types';
import { eventElements, listen, safeMatches, type GoalTrigger } from './dom';
import { pick } from './read-props';
import type { PageTrigger } from './scroll';
import type { TriggerHost } from './trigger-host';

/** Input types that hold no answer of the visitor's: buttons and hidden fields. */
const NOT_FIELDS = /^(hidden|submit|button|reset|image)$/;

interface Started {
  /** The page URL the form was started on: an SPA navigation fires its abandonment for that page. */
  href: string;
  at: number;
  last?: string;
  /** Fields with an interaction: their elements, never their values. */
  filled: Set<Element>;
  done?: boolean;
}

type Entry = GoalTrigger<FormStartTrigger | FormAbandonTrigger>;

/** A field's name as sent: its `name` attribute, else its `id` (never its value). A form's: its `id`, else its `name`. */
const fieldName = (field: Element): string | undefined => field.getAttribute('name') || field.id || undefined;
const nameOf = (form: Element): string | undefined => form.id || form.getAttribute('name') || undefined;

/** The form field an event is about and its form, or nothing for buttons, hidden inputs and the rest. */
function fieldOf(event: Event): [Element, HTMLFormElement] | undefined {
  const [field] = eventElements(event);
  const name = field?.localName;
  if (!field || (name !== 'input' && name !== 'select' && name !== 'textarea')) return undefined;
  if (name === 'input' && NOT_FIELDS.test((field as HTMLInputElement).type)) return undefined;
  const form = (field as HTMLInputElement).form;
  return form ? [field, form] : undefined;
}

/**
 * Form engagement: `form_start` on the first interaction with a matching form (an `input` or
 * `change` event of one of its fields: a value typed, picked or toggled; focus alone is not one),
 * and `form_abandon` for a started form not submitted when the page is hidden, left (`pagehide`) or
 * replaced by an SPA navigation (`reset`), each once per form per page. Only field names are read:
 * `field` (the first field), `last_field` (the last one focused or changed), `fields_filled` (how many
 * had an interaction) and `seconds` since the start; never a value, not even its length.
 *
 * Hidden counts as abandoned because a mobile browser may never fire anything after it; a visitor
 * who comes back and sends the form then sends its submit goal as well, after the abandonment.
 * The hidden and pagehide listeners are on the window in the capture phase, so the abandonment is
 * queued before the tracker sends what waits on those same events.
 *
 * @example
 * const { stop, reset } = startForms(host, [{ goal: started, trigger: { on: 'form_start' } }], []);
 */
export function startForms(
  host: TriggerHost,
  starts: readonly GoalTrigger<FormStartTrigger>[],
  abandons: readonly GoalTrigger<FormAbandonTrigger>[],
): PageTrigger {
  const win = host.window;
  const doc = win.document;
  let forms = new Map<HTMLFormElement, Started>();
  const matching = (form: Element, entries: readonly Entry[]) => entries.filter(({ trigger }) => safeMatches(form, trigger.selector ?? 'form'));
  const watched = (form: Element) => matching(form, starts).length > 0 || matching(form, abandons).length > 0;

  const touch = (event: Event, interaction: boolean): void => {
    const found = fieldOf(event);
    if (!found) return;
    const [field, form] = found;
    let state = forms.get(form);
    if (!state) {
      if (!interaction || !watched(form)) return;
      forms.set(form, (state = { href: win.location.href, at: Date.now(), filled: new Set() }));
      const values = { form: nameOf(form), field: fieldName(field) };
      for (const { goal } of matching(form, starts)) host.fire(goal.id, pick(goal, values), 'form_start');
    }
    state.last = fieldName(field) ?? state.last;
    if (interaction) state.filled.add(field);
  };

  const abandon = (): void => {
    forms.forEach((state, form) => {
      if (state.done) return;
      state.done = true;
      const href = state.href === win.location.href ? undefined : state.href;
      const values = { form: nameOf(form), last_field: state.last, fields_filled: state.filled.size, seconds: Math.round((Date.now() - state.at) / 1000) };
      for (const { goal } of matching(form, abandons)) host.fire(goal.id, pick(goal, values), 'form_abandon', href ? { href } : undefined);
    });
  };

  const stops = [
    ...['input', 'change', 'focusin'].map((type) => listen(host, doc, type, (event) => touch(event, type !== 'focusin'), true)),
    listen(host, doc, 'submit', (event) => {
      const state = forms.get(eventElements(event)[0] as HTMLFormElement);
      if (state) state.done = true;
    }, true),
    listen(host, win, 'visibilitychange', () => doc.visibilityState === 'hidden' && abandon(), true),
    listen(host, win, 'pagehide', abandon, true),
  ];
  return {
    stop: () => stops.forEach((stop) => stop()),
    reset() {
      abandon();
      forms = new Map();
    },
  };
}
