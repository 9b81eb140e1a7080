import { defineConfig } from 'cairn';
import * as z from 'zod/mini';

/**
 * The shop's goals, typed: `cairn.track()` only accepts these ids, each with its own props.
 * The same object could live in a JSON file, except for the zod schema of `purchase`.
 */
export const config = defineConfig({
  endpoint: '/collect',
  goals: {
    page_view: {
      kind: 'micro',
      role: 'secondary',
      description: 'Every route the app shows, counted on client-side navigation too.',
      props: { path: 'string' },
      triggers: [{ on: 'pageview', path: '/**' }],
    },
    view_product: {
      kind: 'micro',
      role: 'milestone',
      stage: 'consideration',
      props: { path: 'string' },
      triggers: [{ on: 'pageview', path: '/product/*' }],
    },
    add_to_cart: {
      kind: 'micro',
      role: 'milestone',
      stage: 'intent',
      value: 'price',
      currency: 'EUR',
      props: { sku: 'string', price: 'number', color: ['sand', 'slate'] },
    },
    begin_checkout: {
      kind: 'micro',
      role: 'milestone',
      stage: 'checkout',
      triggers: [{ on: 'pageview', path: '/checkout' }],
    },
    purchase: {
      kind: 'macro',
      value: 'total',
      currency: 'EUR',
      once: 'page',
      // Any Standard Schema validator works (zod, valibot, arktype...). zod/mini is the zod that cairn
      // itself uses, so the app bundles one copy of it.
      props: z.object({
        order_id: z.string().check(z.regex(/^A-[0-9A-Z]+$/)),
        total: z.number().check(z.positive()),
        items: z.int().check(z.gte(1)),
      }),
    },
  },
  funnels: { checkout: ['view_product', 'add_to_cart', 'begin_checkout', 'purchase'] },
  // Page URLs keep UTMs, click ids and search terms; the product's colour is kept too, for reports.
  privacy: { queryParams: ['color'] },
});
