import type { Issue } from '../lib/errors';
import type { TriggerConfig } from '../schema/types';
import { validateTrigger } from './start-triggers';

/** Checks one field; returns what is wrong with it, or nothing. */
type Field = (value: unknown, path: string, issues: Issue[]) => void;

const add = (issues: Issue[], path: string, message: string) => issues.push({ path, message });
const required = (field: Field, type: string): Field => (value, path, issues) =>
  value === undefined ? add(issues, path, `required (${type})`) : field(value, path, issues);
const optional = (field: Field): Field => (value, path, issues) => value === undefined || field(value, path, issues);
const text: Field = (value, path, issues) => (typeof value !== 'string' || !value) && add(issues, path, 'expected a non-empty string');
const range = (min: number, max: number, minIncluded: boolean): Field => (value, path, issues) => {
  if (typeof value !== 'number' || !(minIncluded ? value >= min : value > min) || value > max) {
    add(issues, path, `expected a number ${minIncluded ? '>=' : '>'} ${min}${max < Infinity ? ` and <= ${max}` : ''}`);
  }
};
const list = (item: Field): Field => (value, path, issues) => {
  if (!Array.isArray(value) || !value.length) return add(issues, path, 'expected a non-empty list');
  value.forEach((entry, i) => item(entry, `${path}.${i}`, issues));
};
const pattern = (regex: RegExp, what: string): Field => (value, path, issues) =>
  (typeof value !== 'string' || !regex.test(value)) && add(issues, path, `expected ${what}`);
const propMap: Field = (value, path, issues) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return add(issues, path, 'expected an object');
  for (const [name, source] of Object.entries(value)) {
    pattern(/^(attr:.+|field:.+|text)$/, '"attr:<name>", "field:<name>" or "text"')(source, `${path}.${name}`, issues);
  }
};
/**
 * The fields of each trigger kind (the JSON Schema says the same: src/schema/trigger-schema.ts).
 * Built per call, not at import: module-level calls would keep bundlers from dropping this module
 * (and every trigger with it) from apps that do not use triggers.
 */
const kinds = (): Record<TriggerConfig['on'], Record<string, Field>> => {
  const percent = range(0, 100, false);
  return {
    click: { selector: required(text, 'string'), props: optional(propMap) },
    submit: { selector: required(text, 'string'), props: optional(propMap) },
    pageview: { path: required(text, 'string'), match: optional(pattern(/^(exact|glob|regex)$/, '"exact" | "glob" | "regex"')) },
    media: { selector: optional(text), percent: required(list(percent), 'list of numbers') },
    scroll: { percent: required(percent, 'number') },
    visible: { selector: required(text, 'string'), threshold: optional(range(0, 1, true)), durationMs: optional(range(0, Infinity, true)) },
    time: { seconds: required(range(0, Infinity, false), 'number') },
    download: { extensions: optional(list(pattern(/^[a-z0-9]+$/i, 'an extension without the dot'))) },
    outbound: {},
  };
};

/**
 * Checks a trigger's shape in code (a zod schema of the nine kinds would weigh more than the
 * triggers it checks), then what only a browser can tell: selector syntax and regular expressions.
 * Paths are relative to the trigger.
 */
export function checkTrigger(trigger: TriggerConfig): Issue[] {
  const issues: Issue[] = [];
  if (typeof trigger !== 'object' || trigger === null || Array.isArray(trigger)) return [{ path: '', message: 'expected an object' }];
  const all = kinds();
  const fields = Object.prototype.hasOwnProperty.call(all, trigger.on) ? all[trigger.on] : undefined;
  if (!fields) return [{ path: 'on', message: `expected ${Object.keys(all).map((k) => `"${k}"`).join(' | ')}` }];
  const record = trigger as unknown as Record<string, unknown>;
  for (const [name, field] of Object.entries(fields)) field(record[name], name, issues);
  const unknown = Object.keys(record).filter((key) => key !== 'on' && !(key in fields));
  if (unknown.length) add(issues, '', `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
  if (issues.length) return issues;
  const problem = validateTrigger(trigger);
  return problem ? [{ path: '', message: problem }] : [];
}
