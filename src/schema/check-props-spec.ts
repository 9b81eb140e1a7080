import type { Issue } from '../lib/errors';
import { join } from '../lib/sanitize';
import { isStandardSchema } from './props';

const TYPE_NAME = /^(string|number|integer|boolean)\??$/;
const PROP_NAME = /^[A-Za-z_$][\w$]{0,63}$/;
const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];

/**
 * Checks a goal's `props` declaration: a Standard Schema, or a map of valid prop names to a type
 * name, a non-empty list of strings, or a Standard Schema. Returns the problems with their paths.
 */
export function checkPropsSpec(spec: unknown, path: string): Issue[] {
  if (spec === undefined || isStandardSchema(spec)) return [];
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(spec as object)) {
    const at = join(path, name);
    if (!PROP_NAME.test(name) || FORBIDDEN.includes(name)) issues.push({ path: at, message: 'invalid prop name' });
    else if (typeof value === 'string' ? !TYPE_NAME.test(value) : Array.isArray(value) ? !value.length || [...value].some((v) => typeof v !== 'string') : !isStandardSchema(value)) {
      issues.push({ path: at, message: 'expected "string" | "number" | "integer" | "boolean" (? for optional), a list of strings or a Standard Schema validator' });
    }
  }
  return issues;
}
