import { is, isObject, oneOf, optional, strict, text, type Check } from './check';
import { isStandardSchema } from './props';

/** Prop type names a JSON config may use. */
export const PROP_TYPES = ['string', 'number', 'integer', 'boolean', 'string?', 'number?', 'integer?', 'boolean?'] as const;
/** Goal ids: a letter, then letters, digits, `_ . : -`; 64 characters at most. */
export const GOAL_ID = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/**
 * The shape of a config and of one goal, as the tracker checks them at init. Shape only: what
 * needs more (prop specs, triggers, number ranges, patterns, funnel steps) is checked by
 * parseConfig, checkPropsSpec and the trigger module. The zod schema of documented-schema.ts
 * says all of it in one place for the JSON Schema; the json-schema unit test holds them together.
 * Built per call: nothing runs at import.
 */
export function configShapes(): { options: Check; goal: Check } {
  const count = optional(is((v) => typeof v === 'number', 'a number'));
  const any: Check = () => {};
  const fn = optional(is((v) => typeof v === 'function', 'a function'));
  const bool = optional(is((v) => typeof v === 'boolean', 'a boolean'));
  const names = is((v) => Array.isArray(v) && [...v].every((name) => typeof name === 'string'), 'a list of names');
  const goal = strict({
    kind: oneOf(['micro', 'macro']),
    role: optional(oneOf(['milestone', 'secondary'])),
    description: optional(text),
    stage: optional(text),
    value: optional(is((v) => typeof v === 'number' || (typeof v === 'string' && v !== ''), 'a number or a prop name')),
    currency: optional(text),
    props: optional(is((v) => isObject(v) || isStandardSchema(v), 'a prop map or a Standard Schema validator')),
    once: optional(oneOf(['page', 'session', 'user'])),
    triggers: optional(is(Array.isArray, 'a list of triggers')),
    purpose: optional(oneOf(['analytics', 'marketing'])),
    unredacted: optional(names),
  });
  const options = strict({
    $schema: optional(text),
    endpoint: text,
    goals: is(isObject, 'an object'),
    funnels: optional(is(isObject, 'an object')),
    session: optional(strict({ timeoutMs: count })),
    // Checked by the context module (context/check-context.ts).
    attribution: any,
    abandonment: any,
    // Checked by the health module (health/check-health.ts).
    health: any,
    batch: optional(strict({ maxEvents: count, maxBytes: count, intervalMs: count })),
    delivery: optional(strict({ storage: optional(oneOf(['local', 'memory'])), maxStoredEvents: count, maxRetryDelayMs: count })),
    // `consent.default` is checked in code (parse-config.ts).
    consent: optional(strict({ required: bool, default: any, persist: bool, gpc: optional(oneOf(['deny-marketing', 'deny-all', 'ignore'])) })),
    privacy: optional(strict({ redact: bool, queryParams: optional((v, path, issues) => (v === 'all' ? undefined : names(v, path, issues))), cookieless: bool })),
    debug: bool,
    onError: fn,
    beforeSend: fn,
  });
  return { options, goal };
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
