// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import json from '../fixtures/cairn.config.json';
import bad from '../fixtures/bad.cairn.config.json';
import { ConfigError, createTracker, defineJsonConfig, triggers, ValidationError } from '../../src/index';
import { createTestTracker, type TestTracker } from '../../src/testing/index';
import { expectConsole } from './setup';

describe('defineJsonConfig', () => {
  let cairn: TestTracker<ReturnType<typeof defineJsonConfig<typeof json>>> | undefined;
  afterEach(() => cairn?.shutdown());

  it('returns the imported object itself', () => {
    expect(defineJsonConfig(json)).toBe(json);
  });

  it('gives a tracker that tracks the goals of an imported JSON file, with their kind, value and currency', async () => {
    cairn = createTestTracker(defineJsonConfig(json), { triggers });
    cairn.track('add_to_cart', { sku: 'TEE-1', price: 19.99, size: 'M' });
    cairn.track('purchase', { order_id: 'A-1001', total: 59.9 });
    await cairn.flush();

    cairn.expectTracked('add_to_cart', { sku: 'TEE-1', price: 19.99, size: 'M' });
    expect(cairn.expectTracked('purchase')).toMatchObject({ kind: 'macro', value: 59.9, currency: 'EUR', props: { order_id: 'A-1001', total: 59.9 } });
    expect(cairn.batches.flatMap((batch) => batch.events.map((event) => event.goal))).toEqual(['add_to_cart', 'purchase']);
    expect(cairn.errors).toEqual([]);
  });

  it('checks prop values against the file at run time, where the types are loose, and warns', (context) => {
    expectConsole(context);
    cairn = createTestTracker(defineJsonConfig(json), { triggers });
    cairn.track('add_to_cart', { sku: 'TEE-1', price: '19.99', size: 'XL' });
    cairn.track('purchase', { order_id: 'A-1001' });

    cairn.expectNotTracked('add_to_cart');
    cairn.expectNotTracked('purchase');
    expect(cairn.errors).toHaveLength(2);
    const [cart, purchase] = cairn.errors as ValidationError[];
    expect(cart).toBeInstanceOf(ValidationError);
    expect(cart!.issues.map((issue) => issue.path)).toEqual(['props.price', 'props.size']);
    expect(purchase!.issues).toEqual([{ path: 'props.total', message: 'required' }]);
    expect(console.warn).toHaveBeenCalledTimes(2);
  });

  it('lets createTracker throw a ConfigError naming every problem of a broken JSON file with its path', () => {
    let error: unknown;
    try {
      createTracker(defineJsonConfig(bad));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual(['goals.add_to_cart.kind', 'goals.add_to_cart.props.sku', 'goals.purchase.currency']);
    expect((error as ConfigError).message).toContain('goals.add_to_cart.kind');
  });
});
