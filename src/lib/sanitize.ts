import type { Issue } from './errors';

/** Longest string kept in props; longer ones reject the event rather than bloat every batch. */
export const MAX_STRING_LENGTH = 2048;
const MAX_DEPTH = 6;
const MAX_KEYS = 200;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Copies a value into plain JSON data, or reports why it cannot be sent: circular references,
 * functions, symbols, non-finite numbers, `__proto__`-style keys, strings over
 * {@link MAX_STRING_LENGTH} characters, nesting past 6 levels. Dates become ISO strings.
 */
export function toJsonSafe(value: unknown, path: string, issues: Issue[], seen?: object[]): unknown {
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_STRING_LENGTH) {
        issues.push({ path, message: `string longer than ${MAX_STRING_LENGTH} characters` });
      }
      return value;
    case 'number':
      if (!Number.isFinite(value)) issues.push({ path, message: `expected a finite number, received ${value}` });
      return value;
    case 'boolean':
      return value;
    case 'undefined':
      return undefined;
    case 'object': {
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      // Made here, not as a default: most props are strings and numbers, and track() is hot.
      seen ??= [];
      if (seen.includes(value)) {
        issues.push({ path, message: 'circular reference' });
        return null;
      }
      if (seen.length >= MAX_DEPTH) {
        issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels` });
        return null;
      }
      seen.push(value);
      let copy: unknown;
      if (Array.isArray(value)) {
        if (value.length > MAX_KEYS) issues.push({ path, message: `more than ${MAX_KEYS} items` });
        copy = value.slice(0, MAX_KEYS).map((item, i) => toJsonSafe(item, join(path, i), issues, seen) ?? null);
      } else {
        const out: Record<string, unknown> = {};
        const keys = Object.keys(value);
        if (keys.length > MAX_KEYS) issues.push({ path, message: `more than ${MAX_KEYS} keys` });
        for (const key of keys.slice(0, MAX_KEYS)) {
          if (FORBIDDEN_KEYS.has(key)) {
            issues.push({ path: join(path, key), message: 'forbidden key' });
            continue;
          }
          const item = toJsonSafe((value as Record<string, unknown>)[key], join(path, key), issues, seen);
          if (item !== undefined) out[key] = item;
        }
        copy = out;
      }
      seen.pop();
      return copy;
    }
    default:
      issues.push({ path, message: `cannot send a ${typeof value}` });
      return undefined;
  }
}

/** Joins path segments with dots: `props` + `price` → `props.price`. */
export function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}
