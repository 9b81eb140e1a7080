import * as z from 'zod/mini';

/**
 * Builds the zod/mini schema of one trigger. Used by the trigger module (so apps without triggers
 * do not bundle it) and by the JSON Schema of the config. Built on first use, never at import.
 */
function buildTriggerSchema() {
  const selector = z.string().check(z.minLength(1));
  const propSource = z.string().check(z.regex(/^(attr:.+|field:.+|text)$/));
  const percent = z.number().check(z.gt(0), z.lte(100));
  return z.discriminatedUnion('on', [
    z.strictObject({ on: z.literal('click'), selector, props: z.optional(z.record(z.string(), propSource)) }),
    z.strictObject({ on: z.literal('submit'), selector, props: z.optional(z.record(z.string(), propSource)) }),
    z.strictObject({ on: z.literal('pageview'), path: z.string().check(z.minLength(1)), match: z.optional(z.enum(['exact', 'glob', 'regex'])) }),
    z.strictObject({
      on: z.literal('media'),
      selector: z.optional(selector),
      percent: z.array(percent).check(z.minLength(1)),
      enableJsApi: z.optional(z.boolean()),
    }),
    z.strictObject({ on: z.literal('scroll'), percent }),
    z.strictObject({
      on: z.literal('visible'),
      selector,
      threshold: z.optional(z.number().check(z.gte(0), z.lte(1))),
      durationMs: z.optional(z.number().check(z.gte(0))),
    }),
    z.strictObject({ on: z.literal('time'), seconds: z.number().check(z.positive()) }),
    z.strictObject({ on: z.literal('download'), extensions: z.optional(z.array(z.string().check(z.regex(/^[A-Za-z0-9]+$/)))) }),
    z.strictObject({ on: z.literal('outbound') }),
    z.strictObject({ on: z.literal('search'), params: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))) }),
    z.strictObject({ on: z.literal('form_start'), selector: z.optional(selector) }),
    z.strictObject({ on: z.literal('form_abandon'), selector: z.optional(selector) }),
  ]);
}

let schema: ReturnType<typeof buildTriggerSchema> | undefined;

/** The trigger schema, built once on first use. */
export function getTriggerSchema(): ReturnType<typeof buildTriggerSchema> {
  return (schema ??= buildTriggerSchema());
}
