import type { Issue } from '../lib/errors';
import { fail, isObject, oneOf, optional, strict, type Check } from '../schema/check';
import type { TriggerConfig } from '../schema/trigger-types';
import { validateTrigger } from './start-triggers';

const required = (check: Check, type: string): Check => (value, path, issues) =>
  value === undefined ? fail(issues, path, `required (${type})`) : check(value, path, issues);
const text: Check = (value, path, issues) => (typeof value !== 'string' || !value) && fail(issues, path, 'expected a non-empty string');
const flag: Check = (value, path, issues) => typeof value !== 'boolean' && fail(issues, path, 'expected true or false');
const range = (min: number, max: number, minIncluded: boolean): Check => (value, path, issues) => {
  if (typeof value !== 'number' || !(minIncluded ? value >= min : value > min) || value > max) {
    fail(issues, path, `expected a number ${minIncluded ? '>=' : '>'} ${min}${max < Infinity ? ` and <= ${max}` : ''}`);
  }
};
const list = (item: Check): Check => (value, path, issues) => {
  if (!Array.isArray(value) || !value.length) return fail(issues, path, 'expected a non-empty list');
  [...value].forEach((entry, i) => item(entry, `${path}.${i}`, issues)); // holes as undefined
};
const pattern = (regex: RegExp, what: string): Check => (value, path, issues) =>
  (typeof value !== 'string' || !regex.test(value)) && fail(issues, path, `expected ${what}`);
const propMap: Check = (value, path, issues) => {
  if (!isObject(value)) return fail(issues, path, 'expected an object');
  for (const [name, source] of Object.entries(value)) {
    pattern(/^(attr:.+|field:.+|text)$/, '"attr:<name>", "field:<name>" or "text"')(source, `${path}.${name}`, issues);
  }
};
/**
 * The fields of each trigger kind (the JSON Schema says the same: src/schema/trigger-schema.ts).
 * Built per call, not at import: module-level calls would keep bundlers from dropping this module
 * (and every trigger with it) from apps that do not use triggers.
 */
const kinds = (): Record<TriggerConfig['on'], Record<string, Check>> => {
  const percent = range(0, 100, false);
  return {
    click: { selector: required(text, 'string'), props: optional(propMap) },
    submit: { selector: required(text, 'string'), props: optional(propMap) },
    pageview: { path: required(text, 'string'), match: optional(oneOf(['exact', 'glob', 'regex'])) },
    media: { selector: optional(text), percent: required(list(percent), 'list of numbers'), enableJsApi: optional(flag) },
    scroll: { percent: required(percent, 'number') },
    visible: { selector: required(text, 'string'), threshold: optional(range(0, 1, true)), durationMs: optional(range(0, Infinity, true)) },
    time: { seconds: required(range(0, Infinity, false), 'number') },
    download: { extensions: optional(list(pattern(/^[a-z0-9]+$/i, 'an extension without the dot'))) },
    outbound: {},
    search: { params: optional(list(text)) },
    form_start: { selector: optional(text) },
    form_abandon: { selector: optional(text) },
  };
};

/**
 * Checks a trigger's shape in code (a zod schema of the twelve kinds would weigh more than the
 * triggers it checks), then what only a browser can tell: selector syntax and regular expressions.
 * Paths are relative to the trigger.
 */
export function checkTrigger(trigger: TriggerConfig): Issue[] {
  const issues: Issue[] = [];
  const all = kinds();
  const on = oneOf(Object.keys(all));
  if (typeof trigger !== 'object' || trigger === null || Array.isArray(trigger)) strict({})(trigger, '', issues);
  else if (!Object.prototype.hasOwnProperty.call(all, trigger.on)) on(trigger.on, 'on', issues);
  else strict({ on, ...all[trigger.on] })(trigger, '', issues);
  const problem = issues.length ? undefined : validateTrigger(trigger);
  return problem ? [{ path: '', message: problem }] : issues;
}
