import * as z from 'zod/mini';
import type { Issue } from '../lib/errors';

/** Prop type names a JSON config may use. */
export const PROP_TYPES = ['string', 'number', 'integer', 'boolean', 'string?', 'number?', 'integer?', 'boolean?'] as const;
/** Goal ids: a letter, then letters, digits, `_ . : -`; 64 characters at most. */
export const GOAL_ID = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Builds the zod/mini schema the tracker checks a config with. It is kept lean, because it ships in
 * every bundle (DESIGN §6): it checks the shape, while what zod would need heavier parts for (prop
 * specs, triggers, number ranges, patterns) is checked in code by parseConfig, compileProps and the
 * trigger module. The full schema for editors is in documented-schema.ts.
 *
 * Built on first use, never at import: zod may probe whether the page lets it compile code when a
 * schema is constructed, and a strict CSP reports that probe (see DESIGN §7).
 */
function buildSchemas() {
  const text = z.string();
  const optional = z.optional;
  const is = <T>(check: (v: unknown) => boolean, message: string) => z.custom<T>(check, message);
  const object = is<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object');
  const count = optional(is<number>((v) => typeof v === 'number', 'expected a number'));
  const goal = z.strictObject({
    kind: z.enum(['micro', 'macro']),
    role: optional(z.enum(['milestone', 'secondary'])),
    description: optional(text),
    stage: optional(text),
    value: optional(is<number | string>((v) => typeof v === 'number' || (typeof v === 'string' && v !== ''), 'expected a number or a prop name')),
    currency: optional(text),
    props: optional(is<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected a prop map or a Standard Schema validator')),
    once: optional(z.enum(['page', 'session', 'user'])),
    triggers: optional(is<object[]>(Array.isArray, 'expected a list of triggers')),
  });
  const fn = optional(is<unknown>((v) => typeof v === 'function', 'expected a function'));
  const options = z.strictObject({
    $schema: optional(text),
    endpoint: text,
    goals: object,
    funnels: optional(object),
    batch: optional(z.strictObject({ maxEvents: count, maxBytes: count, intervalMs: count })),
    delivery: optional(z.strictObject({ storage: optional(z.enum(['local', 'memory'])), maxStoredEvents: count, maxRetryDelayMs: count })),
    debug: optional(is<boolean>((v) => typeof v === 'boolean', 'expected a boolean')),
    onError: fn,
    beforeSend: fn,
  });
  return { options, goal };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;

/** The config schemas, built once on first use (see {@link buildSchemas} for why not at import). */
export function getConfigSchemas(): ReturnType<typeof buildSchemas> {
  return (schemas ??= buildSchemas());
}

/** Whether an endpoint is a path or an http(s) URL. */
export function isHttpUrl(value: string): boolean {
  if (value.startsWith('/')) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Turns zod issues into `path: message` issues with short, readable messages. Only the issue kinds
 * the lean schema can raise are worded here (zod/mini ships no message texts of its own).
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: (string | number)[] = []): Issue[] {
  return issues.map((issue) => ({ path: [...prefix, ...issue.path.map(String)].join('.'), message: messageOf(issue) }));
}

function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}, received ${typeOf(issue.input)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      if (!('input' in issue)) return issue.message;
      return issue.input === undefined ? 'required' : `${issue.message}, received ${typeOf(issue.input)}`;
  }
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
