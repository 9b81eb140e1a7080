import { describe, expectTypeOf, test } from 'vitest';
import * as z from 'zod/mini';
import { createTracker, defineConfig, type GoalProps } from '../../src/index';

const config = defineConfig({
  endpoint: '/collect',
  goals: {
    add_to_cart: { kind: 'micro', role: 'milestone', props: { sku: 'string', price: 'number', size: ['S', 'M', 'L'], note: 'string?' } },
    newsletter: { kind: 'micro', role: 'secondary' },
    purchase: {
      kind: 'macro',
      value: 'total',
      currency: 'EUR',
      props: { order_id: z.string(), total: z.number(), coupon: z.optional(z.string()) },
    },
    demo_booked: { kind: 'macro', props: z.object({ plan: z.enum(['team', 'enterprise']), seats: z.number() }) },
  },
});

declare const cairn: ReturnType<typeof createTracker<typeof config>>;

describe('track() types', () => {
  test('infers props from JSON type strings, enum lists and zod schemas', () => {
    expectTypeOf<GoalProps<typeof config.goals.add_to_cart>>().toEqualTypeOf<{
      sku: string;
      price: number;
      size: 'S' | 'M' | 'L';
      note?: string;
    }>();
    expectTypeOf<GoalProps<typeof config.goals.purchase>>().toEqualTypeOf<{ order_id: string; total: number; coupon?: string | undefined }>();
    expectTypeOf<GoalProps<typeof config.goals.demo_booked>>().toEqualTypeOf<{ plan: 'team' | 'enterprise'; seats: number }>();
  });

  test('accepts a declared goal with valid props, and a goal without props called bare', () => {
    cairn.track('add_to_cart', { sku: 'TEE-1', price: 19.99, size: 'M' });
    cairn.track('purchase', { order_id: 'A-1', total: 59.9 });
    cairn.track('demo_booked', { plan: 'team', seats: 5 });
    cairn.track('newsletter');
    cairn.track('newsletter', {});
  });

  test('rejects an unknown goal id', () => {
    // @ts-expect-error: "checkout" is not a declared goal
    cairn.track('checkout');
  });

  test('rejects a missing required prop', () => {
    // @ts-expect-error: total is required
    cairn.track('purchase', { order_id: 'A-1' });
    // @ts-expect-error: props are required when a goal has required props
    cairn.track('add_to_cart');
  });

  test('rejects a prop of the wrong type', () => {
    // @ts-expect-error: price is a number
    cairn.track('add_to_cart', { sku: 'TEE-1', price: '19.99', size: 'M' });
    // @ts-expect-error: size is one of S, M, L
    cairn.track('add_to_cart', { sku: 'TEE-1', price: 19.99, size: 'XL' });
    // @ts-expect-error: plan is team or enterprise
    cairn.track('demo_booked', { plan: 'free', seats: 1 });
  });

  test('rejects an unknown prop', () => {
    // @ts-expect-error: colour is not declared
    cairn.track('add_to_cart', { sku: 'TEE-1', price: 19.99, size: 'M', colour: 'red' });
    // @ts-expect-error: a goal without props takes none
    cairn.track('newsletter', { source: 'footer' });
  });

  test('an untyped config (from JSON) accepts any goal id and props object', () => {
    const loose = createTracker({ endpoint: '/c', goals: {} } as import('../../src/index').CairnConfig);
    loose.track('anything', { a: 1 });
    expectTypeOf(loose.track).parameter(0).toEqualTypeOf<string>();
  });

  test('flush() returns a promise and track() returns nothing', () => {
    expectTypeOf(cairn.flush()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(cairn.track('newsletter')).toEqualTypeOf<void>();
  });
});
