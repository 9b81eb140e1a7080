// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest';
import { defineConfig } from '../../src/index';
import { createTestTracker, type TestTracker } from '../../src/testing/index';
import { expectConsole } from './setup';

const config = defineConfig({
  endpoint: '/collect',
  goals: {
    add_to_cart: { kind: 'micro', role: 'milestone', props: { sku: 'string', price: 'number' } },
    purchase: { kind: 'macro', value: 'total', props: { order_id: 'string', total: 'number' } },
  },
});

describe('cairn/testing', () => {
  let cairn: TestTracker<typeof config>;
  afterEach(() => cairn.shutdown());

  test('records tracked goals and finds them by goal and partial props', () => {
    cairn = createTestTracker(config);
    cairn.track('add_to_cart', { sku: 'TEE-1', price: 19.99 });
    expect(cairn.expectTracked('add_to_cart', { sku: 'TEE-1' }).props).toEqual({ sku: 'TEE-1', price: 19.99 });
    expect(() => cairn.expectTracked('add_to_cart', { sku: 'MUG-2' })).toThrow(/expected "add_to_cart" with \{"sku":"MUG-2"\} to be tracked/);
    expect(() => cairn.expectNotTracked('add_to_cart')).toThrow(/1 time/);
    cairn.expectNotTracked('purchase');
  });

  test('delivers batches to the in-memory collector without touching the network or localStorage', async () => {
    const before = localStorage.length;
    cairn = createTestTracker(config);
    cairn.track('purchase', { order_id: 'A-1', total: 59.9 });
    await cairn.flush();
    expect(cairn.batches).toHaveLength(1);
    expect(cairn.batches[0]!.events[0]).toMatchObject({ goal: 'purchase', value: 59.9, props: { order_id: 'A-1', total: 59.9 } });
    expect(localStorage.length).toBe(before);
  });

  test('records rejected events as errors, with the usual warning', (context) => {
    expectConsole(context);
    cairn = createTestTracker(config);
    (cairn.track as (goal: string, props?: unknown) => void)('add_to_cart', { sku: 'TEE-1', price: 'free' });
    expect(cairn.events).toHaveLength(0);
    expect(cairn.errors[0]?.issues).toEqual([{ path: 'props.price', message: 'expected number, received "free"' }]);
  });

  test('can make the collector refuse batches to test error handling', async (context) => {
    expectConsole(context);
    cairn = createTestTracker(config);
    cairn.respondWith(400);
    cairn.track('purchase', { order_id: 'A-2', total: 10 });
    await cairn.flush();
    expect(cairn.batches).toHaveLength(0);
    expect(cairn.errors[0]).toMatchObject({ code: 'transport', status: 400 });
  });
});
