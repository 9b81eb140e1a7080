import { describe, expect, test } from 'vitest';
import { sleep, useSite, waitFor } from './harness';

describe('the demo shop in Chromium', () => {
  const site = useSite({ root: 'examples/shop' });

  test('delivers add_to_cart and purchase exactly once each, with their props, across navigations', async () => {
    const { server } = site;
    const { context, page, errors } = await site.open('/');
    await page.selectOption('#size', 'L');
    await page.click('[data-add-to-cart] span');
    await page.click('#go-checkout');
    await page.waitForURL('**/checkout.html');
    await page.click('#place-order');
    await page.waitForURL('**/thank-you.html?order=*');
    const orderId = await page.textContent('#order-id');
    await page.goto('about:blank');

    await waitFor(() => server.eventsOf('purchase').length > 0 && server.eventsOf('add_to_cart').length > 0);
    // Give any late duplicate a chance to arrive before counting.
    await sleep(500);

    const [cart] = server.eventsOf('add_to_cart');
    expect(server.eventsOf('add_to_cart')).toHaveLength(1);
    expect(cart).toMatchObject({
      kind: 'micro',
      role: 'milestone',
      props: { sku: 'TEE-SUMMIT', price: 19.99, size: 'L' },
      value: 19.99,
      currency: 'EUR',
      trigger: 'click',
    });
    expect((cart!.context as { page: { path: string } }).page.path).toBe('/');

    const [purchase] = server.eventsOf('purchase');
    expect(server.eventsOf('purchase')).toHaveLength(1);
    expect(purchase).toMatchObject({ kind: 'macro', props: { order_id: orderId, total: 19.99, items: 1 }, value: 19.99, currency: 'EUR' });
    expect((purchase!.context as { page: { path: string } }).page.path).toBe('/checkout.html');
    expect(server.eventsOf('begin_checkout')).toHaveLength(1);
    // The checkout's card field is never read by any trigger.
    expect(JSON.stringify(server.events())).not.toContain('4242424242424242');
    expect(errors).toEqual([]);
    await context.close();
  });
});
