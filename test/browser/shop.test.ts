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

  test('a search from the header fires site_search with the term, and the enquiry form reports its start, its abandonment and its sending, never a value typed', async () => {
    const { server } = site;
    const { context, page, errors } = await site.open('/');
    await page.fill('header .search input', 'rain jacket');
    await page.press('header .search input', 'Enter');
    await page.waitForURL('**/search.html?q=rain+jacket');
    await waitFor(() => server.eventsOf('site_search').length === 1);
    expect(server.eventsOf('site_search')[0]).toMatchObject({ props: { term: 'rain jacket' }, trigger: 'search' });

    // Started, then left for another page: one abandonment naming the last field touched.
    await page.goto(`${server.origin}/`);
    await page.fill('#enquiry [name=club]', 'Fell Runners of Kendal');
    await page.focus('#enquiry [name=email]');
    await page.click('#go-checkout');
    await page.waitForURL('**/checkout.html');
    await waitFor(() => server.eventsOf('group_enquiry_abandoned').length === 1);
    expect(server.eventsOf('group_enquiry_started')[0]).toMatchObject({ props: { field: 'club' }, trigger: 'form_start' });
    expect(server.eventsOf('group_enquiry_abandoned')[0]).toMatchObject({
      props: { last_field: 'email', fields_filled: 1, seconds: expect.any(Number) },
      trigger: 'form_abandon',
    });

    // Started and sent: the macro goal, and no second abandonment, even when the page is left.
    await page.goto(`${server.origin}/`);
    await page.fill('#enquiry [name=club]', 'Fell Runners of Kendal');
    await page.fill('#enquiry [name=quantity]', '40');
    await page.fill('#enquiry [name=email]', 'captain@fellrunners.example');
    await page.click('#enquiry button');
    await page.waitForSelector('#enquiry-thanks', { state: 'visible' });
    await page.goto('about:blank');
    await waitFor(() => server.eventsOf('group_enquiry_sent').length === 1);
    await sleep(500);
    expect(server.eventsOf('group_enquiry_sent')[0]).toMatchObject({ kind: 'macro', props: { quantity: 40 }, trigger: 'submit' });
    expect(server.eventsOf('group_enquiry_started')).toHaveLength(2);
    expect(server.eventsOf('group_enquiry_abandoned')).toHaveLength(1);
    const stored = JSON.stringify(server.events());
    for (const typed of ['Fell Runners', 'fellrunners', 'captain']) expect(stored).not.toContain(typed);
    expect(errors).toEqual([]);
    await context.close();
  });
});
