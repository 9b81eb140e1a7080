import type { Issue } from '../lib/errors';
import { join } from '../lib/sanitize';

/**
 * Checks one value found at `path`, adding what is wrong with it to `issues`. The config and
 * trigger checks are built from these few parts instead of a schema library: they run once, at
 * init, and a schema library would be the largest part of every bundle (DESIGN §6). The zod schema
 * in documented-schema.ts says the same for editors; a unit test holds the two together.
 */
export type Check = (value: unknown, path: string, issues: Issue[]) => void;

/** Adds one issue. */
export const fail = (issues: Issue[], path: string, message: string): void => void issues.push({ path, message });

/** A value's type as messages name it: `null`, `array`, `string`, `object`... */
export const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** A plain object: not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> => typeOf(value) === 'object';

/**
 * A value that passes `test`. Messages: `required` (with the `type` when given) when missing, else
 * `expected <what>, received <its type>`.
 */
export const is =
  (test: (value: unknown) => boolean, what: string, type?: string): Check =>
  (value, path, issues) => {
    if (value === undefined) fail(issues, path, type ? `required (${type})` : 'required');
    else if (!test(value)) fail(issues, path, `expected ${what}, received ${typeOf(value)}`);
  };

/** A string (`expected string, received number`). */
export const text: Check = /* @__PURE__ */ is((value) => typeof value === 'string', 'string', 'string');

/** One of the given strings: `expected "a" | "b"`. */
export const oneOf =
  (values: readonly string[]): Check =>
  (value, path, issues) => {
    if (!values.includes(value as string)) fail(issues, path, `expected ${values.map((v) => `"${v}"`).join(' | ')}`);
  };

/** Lets the value be missing. */
export const optional =
  (check: Check): Check =>
  (value, path, issues) => {
    if (value !== undefined) check(value, path, issues);
  };

/**
 * An object with these keys and no other: each key is checked in order (own properties only, so
 * that `toString` is never read from Object.prototype), then unknown keys are listed at the
 * object's path.
 */
export const strict =
  (shape: Record<string, Check>): Check =>
  (value, path, issues) => {
    if (!isObject(value)) return is(isObject, 'object', 'object')(value, path, issues);
    const own = (key: string) => Object.prototype.hasOwnProperty.call(value, key);
    for (const key in shape) shape[key]!(own(key) ? value[key] : undefined, join(path, key), issues);
    const unknown = Object.keys(value).filter((key) => !Object.prototype.hasOwnProperty.call(shape, key));
    if (unknown.length) fail(issues, path, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
  };
