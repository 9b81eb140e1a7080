import * as z from 'zod/mini';
import { GOAL_ID, isHttpUrl, PROP_TYPES } from './config-schema';
import { isStandardSchema } from './props';
import { getTriggerSchema } from './trigger-schema';
import { MAX_EVENTS_PER_BATCH } from '../transport/wire';

/**
 * The config schema in full, in zod: the source of the JSON Schema shipped to editors
 * (scripts/json-schema-build.mjs). It accepts and rejects what `parseConfig` does, but for what
 * only running code can tell (funnel steps and value props naming goals and props, CSS selectors,
 * regular expressions); the json-schema unit test holds the three together. Never bundled into
 * the browser builds: the tracker checks configs with the few checks of check.ts, since zod would
 * be the largest part of every bundle (DESIGN §6).
 */
export function getDocumentedSchemas() {
  const propSpec = z.union([
    z.enum(PROP_TYPES),
    z.array(z.string()).check(z.minLength(1)),
    z.custom<object>(isStandardSchema, 'expected a type name, a list of strings or a Standard Schema validator'),
  ]);
  const goalBase = {
    description: z.optional(z.string()),
    stage: z.optional(z.string()),
    value: z.optional(z.union([z.number(), z.string().check(z.minLength(1))])),
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
    props: z.optional(
      z.union([
        z.custom<object>(isStandardSchema),
        z.record(z.string().check(z.regex(/^(?!(__proto__|constructor|prototype)$)[A-Za-z_$][\w$]{0,63}$/)), propSpec),
      ]),
    ),
    once: z.optional(z.enum(['page', 'session', 'user'])),
    triggers: z.optional(z.array(getTriggerSchema())),
    purpose: z.optional(z.enum(['analytics', 'marketing'])),
    unredacted: z.optional(z.array(z.string())),
  };
  const goal = z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('micro'), role: z.enum(['milestone', 'secondary']), ...goalBase }),
    z.strictObject({ kind: z.literal('macro'), ...goalBase }),
  ]);
  const count = z.int().check(z.positive());
  const options = z.strictObject({
    $schema: z.optional(z.string()),
    endpoint: z.string().check(z.refine(isHttpUrl, 'expected an http(s) URL or a path')),
    goals: z.record(z.string().check(z.regex(GOAL_ID)), goal),
    funnels: z.optional(z.record(z.string(), z.array(z.string()).check(z.minLength(1)))),
    batch: z.optional(z.strictObject({ maxEvents: z.optional(count.check(z.maximum(MAX_EVENTS_PER_BATCH))), maxBytes: z.optional(count), intervalMs: z.optional(count) })),
    delivery: z.optional(
      z.strictObject({
        storage: z.optional(z.enum(['local', 'memory'])),
        maxStoredEvents: z.optional(count),
        maxRetryDelayMs: z.optional(count),
      }),
    ),
    session: z.optional(z.strictObject({ timeoutMs: z.optional(count) })),
    attribution: z.optional(
      z.strictObject({
        internalHosts: z.optional(z.array(z.string().check(z.regex(/^[A-Za-z0-9.-]+(:\d+)?$/)))),
        ignoreReferrers: z.optional(z.array(z.string().check(z.regex(/^[A-Za-z0-9.-]+(:\d+)?$/)))),
      }),
    ),
    abandonment: z.optional(z.union([z.literal(false), z.strictObject({ goal: z.optional(z.string()), afterMs: z.optional(count) })])),
    health: healthSchema(),
    ...privacySchemas(),
    debug: z.optional(z.boolean()),
    onError: z.optional(z.custom<unknown>((v) => typeof v === 'function', 'expected a function')),
    beforeSend: z.optional(z.custom<unknown>((v) => typeof v === 'function', 'expected a function')),
  });
  return { options, goal };
}

/** The `health` options (health module, docs/health.md). */
function healthSchema() {
  return z.optional(
    z.strictObject({
      pageHealth: z.optional(z.boolean()),
      micro: z.optional(z.boolean()),
      attribution: z.optional(z.boolean()),
      errorMessages: z.optional(z.boolean()),
      media: z.optional(z.string().check(z.minLength(1))),
      stallMs: z.optional(z.int().check(z.minimum(0))),
    }),
  );
}

/** The `consent` and `privacy` options. */
function privacySchemas() {
  const consentValue = z.enum(['pending', 'granted', 'denied']);
  const modeValue = z.optional(z.enum(['granted', 'denied']));
  const consentMode = z.strictObject({ analytics_storage: modeValue, ad_storage: modeValue, ad_user_data: modeValue, ad_personalization: modeValue });
  return {
    consent: z.optional(
      z.strictObject({
        required: z.optional(z.boolean()),
        default: z.optional(z.union([consentValue, z.strictObject({ analytics: z.optional(consentValue), marketing: z.optional(consentValue) }), consentMode])),
        persist: z.optional(z.boolean()),
        gpc: z.optional(z.enum(['deny-marketing', 'deny-all', 'ignore'])),
      }),
    ),
    privacy: z.optional(
      z.strictObject({
        redact: z.optional(z.boolean()),
        queryParams: z.optional(z.union([z.literal('all'), z.array(z.string())])),
        cookieless: z.optional(z.boolean()),
      }),
    ),
  };
}
