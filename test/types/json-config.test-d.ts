import { describe, expectTypeOf, test } from 'vitest';
import json from '../fixtures/cairn.config.json';
import { createTracker, defineJsonConfig, type GoalProps } from '../../src/index';

const config = defineJsonConfig(json);
declare const cairn: ReturnType<typeof createTracker<typeof config>>;

describe('defineJsonConfig() types', () => {
  test('makes an imported JSON config one that createTracker accepts', () => {
    createTracker(config);
    createTracker(defineJsonConfig(json), {});
  });

  test('keeps the goal ids and prop names of the file, with prop values that may be any JSON scalar and are all optional', () => {
    type Scalar = string | number | boolean;
    expectTypeOf<GoalProps<typeof config.goals.purchase>>().toEqualTypeOf<{ order_id?: Scalar; total?: Scalar }>();
    expectTypeOf<GoalProps<typeof config.goals.add_to_cart>>().toEqualTypeOf<{ sku?: Scalar; price?: Scalar; size?: Scalar; note?: Scalar }>();
    expectTypeOf<Parameters<typeof cairn.track>[0]>().toEqualTypeOf<'add_to_cart' | 'newsletter' | 'view_product' | 'purchase'>();
  });

  test('accepts declared goals with declared props, and goals without props called bare', () => {
    cairn.track('purchase', { order_id: 'A-1', total: 59.9 });
    cairn.track('add_to_cart', { sku: 'TEE-1', price: 19.99, size: 'M' });
    cairn.track('newsletter');
  });

  test('rejects an unknown goal, an unknown prop, a non-scalar prop value and props for a goal that has none', () => {
    // @ts-expect-error: "checkout" is not a goal of the file
    cairn.track('checkout');
    // @ts-expect-error: "coupon" is not a prop of purchase in the file
    cairn.track('purchase', { order_id: 'A-1', total: 59.9, coupon: 'SUMMER' });
    // @ts-expect-error: a prop value is a string, number or boolean
    cairn.track('purchase', { order_id: { id: 'A-1' } });
    // @ts-expect-error: newsletter declares no props
    cairn.track('newsletter', { source: 'footer' });
  });

  test('rejects what cannot be a cairn config file: no endpoint, a goal without kind, a prop type that is not a string', () => {
    // @ts-expect-error: endpoint is required
    defineJsonConfig({ goals: {} });
    // @ts-expect-error: every goal has a kind
    defineJsonConfig({ endpoint: '/collect', goals: { signup: { role: 'secondary' } } });
    // @ts-expect-error: a prop is a type name or a list of allowed strings
    defineJsonConfig({ endpoint: '/collect', goals: { signup: { kind: 'macro', props: { plan: 5 } } } });
  });
});
