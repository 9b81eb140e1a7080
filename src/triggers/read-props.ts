import type { PropSource } from '../schema/trigger-types';
import type { TriggerGoal, TriggerHost } from './trigger-host';

/** Longest `text` prop, in characters. */
const MAX_TEXT = 256;

type Field = Element & { value?: unknown; checked?: boolean; type?: string };

function isInput(element: Element, type: string): boolean {
  return element.localName === 'input' && (element as HTMLInputElement).type === type;
}

/**
 * Password fields are never read, even when named. A "show password" toggle turns them into
 * text inputs, so the `autocomplete` hint counts as well.
 */
function isSecret(element: Element): boolean {
  return isInput(element, 'password') || /password/i.test(element.getAttribute('autocomplete') ?? '');
}

function formOf(element: Element): HTMLFormElement | null {
  if (element.localName === 'form') return element as HTMLFormElement;
  const owner = (element as HTMLButtonElement).form;
  return owner && typeof owner === 'object' ? owner : element.closest('form');
}

/** `text` trimmed to at most `max` characters, never cutting a surrogate pair in half. */
export function clip(text: string, max: number): string {
  text = text.trim();
  if (text.length <= max) return text;
  return text.slice(0, /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max);
}

function textOf(element: Element): string {
  return clip(element.textContent ?? '', MAX_TEXT);
}

/**
 * The value of one named field, and of no other: a checkbox gives its `checked` state, a radio group
 * the checked value, several checkboxes sharing the name their checked values joined by `,`.
 */
function fieldValue(form: HTMLFormElement, name: string, host: TriggerHost): unknown {
  const item = form.elements.namedItem(name);
  if (!item) {
    host.debug(`no field "${name}" in the form`);
    return undefined;
  }
  const fields = ((item as Node).nodeType === 1 ? [item] : Array.from(item as RadioNodeList)) as Field[];
  if (fields.some(isSecret)) {
    host.debug(`field "${name}" is a password field and is never read`);
    return undefined;
  }
  const [first] = fields;
  if (!first) return undefined;
  if (fields.every((field) => isInput(field, 'checkbox'))) {
    if (fields.length === 1) return first.checked === true;
    return fields.filter((field) => field.checked).map((field) => String(field.value)).join(',');
  }
  if (fields.every((field) => isInput(field, 'radio'))) {
    const checked = fields.find((field) => field.checked);
    return checked ? String(checked.value) : undefined;
  }
  return typeof first.value === 'string' ? first.value : undefined;
}

/**
 * Reads the props a click or submit trigger maps: `attr:<name>`, `field:<name>` (of the element's
 * form) and `text`. Values that are missing are left out, so optional props stay optional.
 *
 * @example
 * readProps(button, { sku: 'attr:data-sku', qty: 'field:quantity' }, host); // { sku: 'A1', qty: '2' }
 */
export function readProps(
  element: Element,
  map: { readonly [prop: string]: PropSource } | undefined,
  host: TriggerHost,
): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [prop, source] of Object.entries(map ?? {})) {
    let value: unknown;
    if (source === 'text') {
      value = textOf(element);
    } else if (source.startsWith('attr:')) {
      value = element.getAttribute(source.slice(5)) ?? undefined;
    } else if (source.startsWith('field:')) {
      const form = formOf(element);
      if (form) value = fieldValue(form, source.slice(6), host);
      else host.debug(`no form to read "${source}" from`);
    }
    if (value !== undefined) props[prop] = value;
  }
  return props;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

/**
 * Reads `data-cairn-<prop>` attributes for the given prop names, matching case-insensitively and
 * treating `-` and `_` alike. Attributes that name no prop are skipped (debug-logged).
 *
 * @example
 * // <button data-cairn="add_to_cart" data-cairn-product-id="A1" data-cairn-price="19.99">
 * readTagProps(button, ['product_id', 'price'], host); // { product_id: 'A1', price: '19.99' }
 */
export function readTagProps(element: Element, propNames: readonly string[], host: TriggerHost): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const attribute of Array.from(element.attributes)) {
    const name = attribute.name.toLowerCase();
    if (!name.startsWith('data-cairn-')) continue;
    const suffix = normalise(name.slice(11));
    const prop = propNames.find((candidate) => normalise(candidate) === suffix);
    if (prop === undefined) host.debug(`${attribute.name} names no prop of the goal`);
    else props[prop] = attribute.value;
  }
  return props;
}

/**
 * The automatic props the goal declares, of those given with a value (a goal refuses props it does
 * not declare).
 *
 * @example
 * pick({ id: 'g', triggers: [], propNames: ['percent'] }, { percent: 50, video_id: 'x' }); // { percent: 50 }
 */
export function pick(goal: TriggerGoal, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of goal.propNames) if (values[name] !== undefined) out[name] = values[name];
  return out;
}

/** `{ [name]: value }` when the goal declares a prop of that name, else `{}` ({@link pick} of one prop). */
export function autoProp(goal: TriggerGoal, name: string, value: unknown): Record<string, unknown> {
  return pick(goal, { [name]: value });
}
