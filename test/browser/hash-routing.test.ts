import { describe, expect, test } from 'vitest';
import { sleep, useSite, waitFor } from './harness';

/** Batches leave every 200 ms (the pages' `batch.intervalMs`); this is long enough for a late one. */
const SETTLE_MS = 600;

interface PageEvent {
  seq: number;
  props?: Record<string, unknown>;
  trigger?: string;
  context: { page: { url: string } };
}

describe('pageview triggers on a hash-routed app in Chromium', () => {
  const site = useSite({ root: 'test/browser/pages/hash-routing' });

  /** The stored events of one goal tracked on one page (`/app.html` by default), in the order they were tracked. */
  const eventsOf = (goal: string, on = '/app.html'): PageEvent[] =>
    (site.server.eventsOf(goal) as unknown as PageEvent[])
      .filter((event) => new URL(event.context.page.url).pathname === on)
      .sort((a, b) => a.seq - b.seq);
  const pathsOf = (goal: string, on?: string) => eventsOf(goal, on).map((event) => event.props?.path);

  /** Opens a page of the app in a fresh context, watching its errors and warnings. */
  const open = (path: string) => site.open(path);

  test('counts one page view per route reached by a link, location.hash or the back button, and none for an in-page anchor', async () => {
    const { context, page, problems } = await open('/app.html');
    // The router adds the root route "#/" on load: still one page, the landing page.
    await page.waitForURL('**/app.html#/');
    await waitFor(() => eventsOf('page_view').length === 1);

    await page.click('#to-product');
    await waitFor(() => eventsOf('page_view').length === 2);
    await page.evaluate(() => (location.hash = '#/cart'));
    await waitFor(() => eventsOf('page_view').length === 3);

    // An in-page anchor scrolls the page, and going back from it returns to the same route.
    await page.click('#to-faq');
    await page.waitForURL('**/app.html#faq');
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    await page.goBack();
    await page.waitForURL('**/app.html#/cart');
    await sleep(SETTLE_MS);
    expect(eventsOf('page_view')).toHaveLength(3);

    await page.evaluate(() => (location.hash = '#/checkout/done'));
    await waitFor(() => eventsOf('order_done').length === 1);
    await page.goBack();
    await page.waitForURL('**/app.html#/cart');
    await page.goBack();
    await page.waitForURL('**/app.html#/product/tent');
    await waitFor(() => eventsOf('page_view').length === 6);
    await sleep(SETTLE_MS);

    expect(pathsOf('page_view')).toEqual([
      '/app.html',
      '/app.html#/product/tent',
      '/app.html#/cart',
      '/app.html#/checkout/done',
      '/app.html#/cart',
      '/app.html#/product/tent',
    ]);
    expect(eventsOf('page_view').every((event) => event.trigger === 'pageview')).toBe(true);
    // The landing page is counted once, whether the tracker started before the router added "#/"
    // or after (it waits for cairn.triggers.js and cairn.context.js).
    const hashes = eventsOf('page_view').map((event) => new URL(event.context.page.url).hash);
    expect(['', '#/']).toContain(hashes[0]);
    expect(hashes.slice(1)).toEqual(['#/product/tent', '#/cart', '#/checkout/done', '#/cart', '#/product/tent']);
    expect(eventsOf('home_view')).toHaveLength(1);
    expect(pathsOf('product_view')).toEqual(['/app.html#/product/tent', '/app.html#/product/tent']);
    expect(eventsOf('cart_view')).toHaveLength(2);
    expect(eventsOf('order_done')).toHaveLength(1);
    // The router rendered every route, undisturbed by tracking.
    expect(await page.evaluate(() => (window as unknown as { rendered: string[] }).rendered)).toEqual(['/', '/product/tent', '/cart', '/cart', '/checkout/done', '/cart', '/product/tent']);
    expect(await page.textContent('#view')).toBe('Route /product/tent');
    expect(problems).toEqual([]);
    await context.close();
  });

  test('counts a deep link to a hashbang route and the next route it links to', async () => {
    const on = '/hashbang.html';
    const { context, page, problems } = await open('/hashbang.html#!/cart');
    await waitFor(() => eventsOf('cart_view', on).length === 1);

    await page.click('#to-done');
    await waitFor(() => eventsOf('order_done', on).length === 1);
    await sleep(SETTLE_MS);

    expect(pathsOf('page_view', on)).toEqual(['/hashbang.html#!/cart', '/hashbang.html#!/checkout/done']);
    expect(eventsOf('cart_view', on)).toHaveLength(1);
    expect(eventsOf('order_done', on)).toHaveLength(1);
    expect(await page.textContent('#view')).toBe('Route /checkout/done');
    expect(problems).toEqual([]);
    await context.close();
  });
});
