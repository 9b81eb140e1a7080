import * as z from 'zod/mini';
import type { Issue } from '../lib/errors';
import { isStandardSchema } from './props';

const PROP_TYPES = ['string', 'number', 'integer', 'boolean', 'string?', 'number?', 'integer?', 'boolean?'] as const;
/** Goal ids: a letter, then letters, digits, `_ . : -`; 64 characters at most. */
export const GOAL_ID = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Builds the zod/mini schema of a config. Built on first use, never at import: constructing an
 * object schema makes zod probe `new Function`, which a strict CSP reports (see DESIGN §7).
 */
function buildSchemas() {
  const positive = z.number().check(z.positive());
  const selector = z.string().check(z.minLength(1));
  const propSource = z.string().check(z.regex(/^(attr:.+|field:.+|text)$/));
  const propSpec = z.union([
    z.enum(PROP_TYPES),
    z.array(z.string()).check(z.minLength(1)),
    z.custom<object>(isStandardSchema, 'expected a type name, a list of strings or a Standard Schema validator'),
  ]);
  const trigger = z.discriminatedUnion('on', [
    z.strictObject({ on: z.literal('click'), selector, props: z.optional(z.record(z.string(), propSource)) }),
    z.strictObject({ on: z.literal('submit'), selector, props: z.optional(z.record(z.string(), propSource)) }),
    z.strictObject({
      on: z.literal('pageview'),
      path: z.string().check(z.minLength(1)),
      match: z.optional(z.enum(['exact', 'glob', 'regex'])),
    }),
    z.strictObject({
      on: z.literal('media'),
      selector: z.optional(selector),
      percent: z.array(z.number().check(z.gt(0), z.lte(100))).check(z.minLength(1)),
    }),
    z.strictObject({ on: z.literal('scroll'), percent: z.number().check(z.gt(0), z.lte(100)) }),
    z.strictObject({
      on: z.literal('visible'),
      selector,
      threshold: z.optional(z.number().check(z.gte(0), z.lte(1))),
      durationMs: z.optional(z.number().check(z.gte(0))),
    }),
    z.strictObject({ on: z.literal('time'), seconds: positive }),
    z.strictObject({ on: z.literal('download'), extensions: z.optional(z.array(z.string().check(z.regex(/^[a-z0-9]+$/i)))) }),
    z.strictObject({ on: z.literal('outbound') }),
  ]);
  const goalBase = {
    description: z.optional(z.string()),
    stage: z.optional(z.string()),
    value: z.optional(z.union([z.number(), z.string().check(z.minLength(1))])),
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
    props: z.optional(
      z.union([
        z.custom<object>(isStandardSchema),
        z.record(z.string().check(z.regex(/^[A-Za-z_$][\w$]{0,63}$/)), propSpec),
      ]),
    ),
    once: z.optional(z.enum(['page', 'session', 'user'])),
    triggers: z.optional(z.array(trigger)),
  };
  const goal = z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('micro'), role: z.enum(['milestone', 'secondary']), ...goalBase }),
    z.strictObject({ kind: z.literal('macro'), ...goalBase }),
  ]);
  const count = z.int().check(z.positive());
  const options = z.strictObject({
    $schema: z.optional(z.string()),
    endpoint: z.string().check(z.refine(isHttpUrl, 'expected an http(s) URL or a path')),
    goals: z.record(z.string(), z.unknown()),
    funnels: z.optional(z.record(z.string(), z.array(z.string()).check(z.minLength(1)))),
    batch: z.optional(z.strictObject({ maxEvents: z.optional(count), maxBytes: z.optional(count), intervalMs: z.optional(count) })),
    delivery: z.optional(
      z.strictObject({
        storage: z.optional(z.enum(['local', 'memory'])),
        maxStoredEvents: z.optional(count),
        maxRetryDelayMs: z.optional(count),
      }),
    ),
    debug: z.optional(z.boolean()),
    onError: z.optional(z.custom<unknown>((v) => typeof v === 'function', 'expected a function')),
    beforeSend: z.optional(z.custom<unknown>((v) => typeof v === 'function', 'expected a function')),
  });
  return { options, goal };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;

/** The config schemas, built once on first use (see {@link buildSchemas} for why not at import). */
export function getConfigSchemas(): ReturnType<typeof buildSchemas> {
  return (schemas ??= buildSchemas());
}

function isHttpUrl(value: string): boolean {
  if (value.startsWith('/')) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Turns zod issues into `path: message` issues with short, readable messages. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: (string | number)[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(String)].join('.');
    if (issue.code === 'invalid_union') {
      const union = issue as z.core.$ZodIssueInvalidUnion & { options?: unknown[] };
      if (union.options) {
        // A discriminated union whose discriminator matched no option.
        out.push({ path, message: `expected ${union.options.map((o) => JSON.stringify(o)).join(' | ')}` });
        continue;
      }
      // A plain union: report the branch that got furthest, or the custom message of the last one.
      const branches = union.errors ?? [];
      const best = [...branches].sort((a, b) => depth(b) - depth(a))[0];
      if (best && depth(best) > 0) out.push(...fromZodIssues(best, [...prefix, ...issue.path.map(String)]));
      else out.push({ path, message: branches.at(-1)?.[0]?.message ?? 'invalid value' });
      continue;
    }
    out.push({ path, message: messageOf(issue) });
  }
  return out;
}

function depth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(...issues.map((i) => i.path.length));
}

function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}, received ${typeOf(issue.input)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string' ? `must not be empty` : `expected ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      return `expected ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_key':
      return issue.issues[0] ? messageOf(issue.issues[0]) : 'invalid key';
    case 'invalid_format':
      return issue.format === 'regex' ? `invalid format (${String(issue.input)})` : `invalid ${issue.format}`;
    default:
      return issue.message === 'Invalid input' ? 'invalid value' : issue.message;
  }
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
