import { describe, expect, test } from 'vitest';
import { ready, sleep, useSite, waitFor } from './harness';

interface Stored {
  goal: string;
  ts: number;
  props: Record<string, unknown>;
  context: {
    sessionId: string;
    sessionIndex: number;
    channel: string;
    campaign?: Record<string, string>;
    firstTouch?: { channel: string; campaign?: string; source: string; medium: string };
    lastTouch?: { channel: string; campaign?: string };
    journey?: { items: { goal: string; channel?: string }[]; sessions: number; omitted: number };
  };
}

describe('context in Chromium: a visitor from a search ad who leaves a full cart and buys later, directly', () => {
  const site = useSite({ root: 'test/browser/pages/context' });
  const stored = (goal: string) => site.server.eventsOf(goal) as unknown as Stored[];

  test('holds one abandonment for the first visit, and a purchase crediting the search campaign through its journey and first touch', async () => {
    const { server } = site;
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => (m.type() === 'warning' || m.type() === 'error') && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));

    // Visit 1: from a Google search ad, with UTM parameters; a product view, then add to cart.
    await page.goto(`${server.origin}/tent.html?utm_source=google&utm_medium=cpc&utm_campaign=spring_tents&gclid=TeSt123`, { referer: 'https://www.google.com/' });
    await ready(page);
    await waitFor(() => stored('product_view').length === 1);
    await page.click('#add');
    await waitFor(() => stored('add_to_cart').length === 1);
    // The visitor leaves, and comes back after the session (1.5 s here) is over.
    await page.goto('about:blank');
    await sleep(2_000);

    // Visit 2: typed in, directly; the product again, then the purchase.
    await page.goto(`${server.origin}/tent.html`);
    await ready(page);
    await waitFor(() => stored('funnel_abandoned').length === 1 && stored('product_view').length === 2);
    await page.click('#thanks');
    await waitFor(() => stored('purchase').length === 1);
    await sleep(500);

    const [first] = stored('product_view');
    expect(first!.context).toMatchObject({
      sessionIndex: 1,
      channel: 'Paid Search',
      campaign: { source: 'google', medium: 'cpc', name: 'spring_tents' },
      clickIds: { gclid: 'TeSt123' },
      landing: { url: `${server.origin}/tent.html`, referrer: 'https://www.google.com/' },
    });

    const abandoned = stored('funnel_abandoned');
    expect(abandoned).toHaveLength(1);
    expect(abandoned[0]!.props).toMatchObject({ funnel: 'checkout', step: 2, goal: 'add_to_cart', steps: 4, value: 249.5, currency: 'EUR' });
    expect(abandoned[0]!.context.sessionIndex).toBe(2);

    const [purchase] = stored('purchase');
    const searchTouch = { channel: 'Paid Search', source: 'google', medium: 'cpc', campaign: 'spring_tents' };
    expect(purchase!.context).toMatchObject({ sessionIndex: 2, channel: 'Direct', firstTouch: searchTouch, lastTouch: searchTouch });
    expect(purchase!.context).not.toHaveProperty('campaign');
    expect(purchase!.context.journey).toMatchObject({ sessions: 2, omitted: 0 });
    expect(purchase!.context.journey!.items.map((item) => [item.goal, item.channel])).toEqual([
      ['product_view', 'Paid Search'],
      ['add_to_cart', 'Paid Search'],
      ['product_view', 'Direct'],
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('starts without the context file, with one warning, when it cannot be loaded', async () => {
    const { server } = site;
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.route('**/cairn.context.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(`${server.origin}/tent.html?utm_source=newsletter&utm_medium=email`);
    await ready(page);
    await waitFor(() => stored('product_view').length === 3);
    const last = stored('product_view').at(-1)!;
    expect(last.context).not.toHaveProperty('channel');
    expect(warnings.join('\n')).toContain('no cairn.context.js');
    await context.close();
  });

  test('starts without the triggers file, with one warning, when it cannot be loaded: track() still delivers the goals that declare triggers', async () => {
    const { server } = site;
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    page.on('pageerror', (e) => warnings.push(String(e)));
    await page.route('**/cairn.triggers.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const views = stored('product_view').length;
    const carts = stored('add_to_cart').length;
    await page.goto(`${server.origin}/tent.html?utm_source=newsletter&utm_medium=email`);
    await ready(page);
    // The click trigger of add_to_cart is off; the page's own call still counts it.
    await page.click('#add');
    await page.evaluate(() => (window as unknown as { cairn: { track(goal: string, props: object): void } }).cairn.track('add_to_cart', { sku: 'TENT-2', price: 249.5 }));
    await waitFor(() => stored('add_to_cart').length === carts + 1);
    await sleep(500);

    const cart = stored('add_to_cart').at(-1)!;
    expect(cart).toMatchObject({ props: { sku: 'TENT-2', price: 249.5 }, context: { channel: 'Email' } });
    expect(cart).not.toHaveProperty('trigger');
    expect(stored('add_to_cart')).toHaveLength(carts + 1);
    // No pageview trigger either.
    expect(stored('product_view')).toHaveLength(views);
    expect(warnings).toEqual(["[cairn] no cairn.triggers.js: goals' triggers and data-cairn tags are off"]);
    await context.close();
  });
});
