// @vitest-environment happy-dom
// The SPA's own tests of its tagging, written as an app team would, with cairn/testing: no network,
// no collector, the same validation and triggers as in production.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { triggers } from 'cairn';
import { createTestTracker, type TestTracker } from 'cairn/testing';
import { config } from '../src/cairn.config';

let cairn: TestTracker<typeof config>;
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  history.replaceState(null, '', '/');
  cairn = createTestTracker(config, { triggers });
});
afterEach(() => cairn.shutdown());

describe('the Basecamp Store tagging', () => {
  test('counts a product view when the router navigates to a product page', async () => {
    history.pushState(null, '', '/product/TENT-2P');
    await nextTask();
    cairn.expectTracked('view_product', { path: '/product/TENT-2P' });
    cairn.expectTracked('page_view', { path: '/product/TENT-2P' });
    cairn.expectNotTracked('begin_checkout');
  });

  test('values add_to_cart at the price of the product, in euros', () => {
    cairn.track('add_to_cart', { sku: 'TENT-2P', price: 249, color: 'sand' });
    const event = cairn.expectTracked('add_to_cart', { sku: 'TENT-2P' });
    expect(event).toMatchObject({ value: 249, currency: 'EUR', kind: 'micro', role: 'milestone' });
  });

  test('refuses a purchase whose order id does not follow the shop format', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    cairn.track('purchase', { order_id: 'order-1', total: 10, items: 1 });
    cairn.expectNotTracked('purchase');
    expect(cairn.errors[0]?.issues[0]?.path).toBe('props.order_id');
  });

  test('delivers a purchase at once, once per page', async () => {
    cairn.track('purchase', { order_id: 'A-1X', total: 59.9, items: 2 });
    cairn.track('purchase', { order_id: 'A-1X', total: 59.9, items: 2 });
    await cairn.flush();
    expect(cairn.batches.flatMap((batch) => batch.events).map((event) => event.goal)).toEqual(['purchase']);
  });
});
