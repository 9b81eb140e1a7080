import { JSON_CONFIG_ONLY } from '../lib/build-flags';
import type { Issue } from '../lib/errors';
import { describe } from '../lib/name-of';
import { join, toJsonSafe } from '../lib/sanitize';
import type { PropSpec, PropsSpec } from './types';
import type { StandardSchemaV1 } from './standard-schema';

/** Checks (and, for DOM-read values, coerces) the props of one goal. Never throws. */
export type PropsValidator = (input: unknown, coerce: boolean) => { props: Record<string, unknown> } | { issues: Issue[] };

/** Whether a value is a Standard Schema validator (zod, valibot, arktype...). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    !JSON_CONFIG_ONLY &&
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as Partial<StandardSchemaV1>)['~standard']?.validate === 'function'
  );
}

type Check = (value: unknown, coerce: boolean, path: string, issues: Issue[]) => unknown;

const hasOwn = (object: unknown, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

function typeCheck(type: string): Check {
  return (value, coerce, path, issues) => {
    if (coerce && typeof value === 'string') {
      if ((type === 'number' || type === 'integer') && NUMERIC.test(value)) value = Number(value);
      else if (type === 'boolean' && (value === 'true' || value === 'false')) value = value === 'true';
    }
    const ok =
      type === 'integer'
        ? Number.isInteger(value)
        : type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === type;
    if (!ok) {
      issues.push({ path, message: `expected ${type}, received ${describe(value)}` });
      return undefined;
    }
    return typeof value === 'string' ? toJsonSafe(value, path, issues) : value;
  };
}

function enumCheck(values: readonly string[]): Check {
  return (value, _coerce, path, issues) => {
    if (typeof value === 'string' && values.includes(value)) return value;
    issues.push({ path, message: `expected ${values.map((v) => JSON.stringify(v)).join(' | ')}, received ${describe(value)}` });
    return undefined;
  };
}

function schemaCheck(schema: StandardSchemaV1): Check {
  return (value, coerce, path, issues) => {
    let result = validateSync(schema, value, path, issues);
    if (result.ok || !coerce || typeof value !== 'string') return result.value;
    // A DOM attribute is always a string: try it as a number, then as a boolean.
    for (const candidate of [NUMERIC.test(value) ? Number(value) : undefined, value === 'true' ? true : value === 'false' ? false : undefined]) {
      if (candidate === undefined) continue;
      const retry: Issue[] = [];
      result = validateSync(schema, candidate, path, retry);
      if (result.ok) {
        // The coerced value replaces the first failure; what it reports (e.g. "1e999" is Infinity) stays.
        issues.splice(issues.length - 1, 1, ...retry);
        return result.value;
      }
    }
    return undefined;
  };
}

function validateSync(schema: StandardSchemaV1, value: unknown, path: string, issues: Issue[]): { ok: boolean; value?: unknown; raw?: unknown } {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    result.catch(() => {});
    issues.push({ path, message: 'async validators are not supported: track() is synchronous' });
    return { ok: false };
  }
  if (result.issues) {
    const first = result.issues[0];
    const sub = first?.path?.map((p) => (typeof p === 'object' ? p.key : p)).join('.');
    issues.push({ path: sub ? join(path, sub) : path, message: first?.message ?? 'invalid' });
    return { ok: false };
  }
  return { ok: true, value: toJsonSafe(result.value, path, issues), raw: result.value };
}

function compileSpec(spec: PropSpec): { check: Check; optional: boolean } {
  if (typeof spec === 'string') {
    const optional = spec.endsWith('?');
    return { check: typeCheck(optional ? spec.slice(0, -1) : spec), optional };
  }
  if (Array.isArray(spec)) return { check: enumCheck(spec), optional: false };
  // Never reached from a JSON config (the spec check refused anything else).
  if (JSON_CONFIG_ONLY) return { check: enumCheck([]), optional: false };
  const schema = spec as StandardSchemaV1;
  // Optional when it accepts undefined. An async validator's promise is caught here too (no unhandled rejection).
  let optional = false;
  try {
    const probe = schema['~standard'].validate(undefined);
    if (probe instanceof Promise) probe.catch(() => {});
    else optional = !probe.issues;
  } catch {
    // A validator that throws on undefined makes the prop required.
  }
  return { check: schemaCheck(schema), optional };
}

/**
 * Compiles a goal's `props` into a validator. Props not declared are rejected, as the types do.
 * A whole Standard Schema (e.g. `z.object({...})`) validates the props object as one, and a prop it
 * leaves out of its output is rejected too, unless the schema returns it (`z.looseObject`).
 */
export function compileProps(spec: PropsSpec | StandardSchemaV1 | undefined): PropsValidator {
  return neverThrows(compile(spec));
}

/** A throwing getter, proxy trap or validator rejects the event instead of throwing. */
function neverThrows(validate: PropsValidator): PropsValidator {
  return (input, coerce) => {
    try {
      return validate(input, coerce);
    } catch {
      return { issues: [{ path: 'props', message: 'could not be read: a getter, proxy or validator threw' }] };
    }
  };
}

function compile(spec: PropsSpec | StandardSchemaV1 | undefined): PropsValidator {
  if (!JSON_CONFIG_ONLY && isStandardSchema(spec)) {
    // No coercion here: DOM values reach a whole-object schema inside an object, never as a string.
    return (input) => {
      const issues: Issue[] = [];
      const { value: props, raw } = validateSync(spec, input ?? {}, 'props', issues);
      if (issues.length) return { issues };
      if (typeof props !== 'object' || props === null || Array.isArray(props)) {
        return { issues: [{ path: 'props', message: 'expected an object' }] };
      }
      // Undeclared props are rejected, as with a prop map: a key the schema left out of its output
      // (zod's z.object strips them) is unknown; a loose schema (z.looseObject) returns it, and it stays.
      for (const key in input as object) {
        if (hasOwn(input, key) && !hasOwn(raw, key)) issues.push({ path: join('props', key), message: 'unknown prop' });
      }
      return issues.length ? { issues } : { props: props as Record<string, unknown> };
    };
  }
  const fields = Object.entries(spec ?? {}).map(([name, s]) => ({ name, path: join('props', name), ...compileSpec(s) }));
  const known = new Set(fields.map((f) => f.name));
  return (input, coerce) => {
    if (input === undefined || input === null) input = {};
    if (typeof input !== 'object' || Array.isArray(input)) {
      return { issues: [{ path: 'props', message: `expected an object, received ${describe(input)}` }] };
    }
    const source = input as Record<string, unknown>;
    const issues: Issue[] = [];
    const props: Record<string, unknown> = {};
    for (const key in source) {
      if (hasOwn(source, key) && !known.has(key)) issues.push({ path: join('props', key), message: 'unknown prop' });
    }
    // An index, not for…of: no iterator on a page's first calls, which run as bytecode.
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      // Only own props: a prop named `constructor` or `toString` must not read Object.prototype.
      const value = hasOwn(source, field.name) ? source[field.name] : undefined;
      if (value === undefined) {
        if (!field.optional) issues.push({ path: field.path, message: 'required' });
        continue;
      }
      const checked = field.check(value, coerce, field.path, issues);
      if (checked !== undefined) props[field.name] = checked;
    }
    return issues.length ? { issues } : { props };
  };
}
