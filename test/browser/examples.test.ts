import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inOrder, loaded, sleep, useSite, waitFor, watch } from './harness';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

type PageContext = { path: string; url: string; title: string; referrer: string };
const pageOf = (event: { context: unknown }) => (event.context as { page: PageContext }).page;

/** Opens a page that records its errors, warnings and every URL it requests. */
async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[]; requested: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  // A failed request is reported below with its URL.
  const { problems } = watch(page, { ignoreFailedLoads: true });
  const requested: string[] = [];
  page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`));
  page.on('request', (request) => requested.push(request.url()));
  return { context, page, problems, requested };
}

/** Leaves the page (its pagehide sends what is waiting) and gives a late duplicate time to arrive. */
async function leave(page: Page, arrived: () => boolean): Promise<void> {
  await page.goto('about:blank');
  await waitFor(arrived);
  await sleep(500);
}

describe('the script-tag example in Chromium', () => {
  // A fresh collector per test, so that each counts only its own events.
  const site = useSite({ root: 'examples/script-tag' }, { perTest: true });

  test('uses the README snippet verbatim on both pages, with the same config block', () => {
    // docs/snippet.html is the single source of the snippet: the README and the example carry it as is.
    const snippet = read('docs/snippet.html').trim();
    const dedent = (text: string) => text.split('\n').map((line) => line.trim()).join('\n');
    const block = (html: string) => /<script type="application\/json" data-cairn-config>[\s\S]*?<\/script>/.exec(html)?.[0];
    expect(dedent(read('README.md'))).toContain(dedent(snippet));
    const pages = ['examples/script-tag/index.html', 'examples/script-tag/pricing.html'].map(read);
    for (const html of pages) expect(dedent(html)).toContain(dedent(snippet));
    expect(block(pages[0]!)).toBeDefined();
    expect(block(pages[1]!)).toBe(block(pages[0]!));
  });

  test('delivers the queued call with its original time, the download, the sign-up, both track() forms and the tagged demo booking, and nothing else', async () => {
    const { server } = site;
    const { context, page, problems, requested } = await openPage(site.browser);
    // Hold the library back, so that the call queued in <head> is clearly older than the library.
    let releasedAt = 0;
    await page.route('**/cairn.global.js', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      releasedAt = Date.now();
      await route.continue();
    });

    await page.goto(`${server.origin}/`);
    const navigationStart = await page.evaluate(() => performance.timeOrigin);
    await loaded(page);

    const download = page.waitForEvent('download');
    await page.click('#whitepaper');
    expect((await download).suggestedFilename()).toBe('whitepaper.pdf');

    // An invalid address: the browser refuses the form, so no sign-up is counted.
    await page.fill('#signup input[name=email]', 'not-an-email');
    await page.click('#signup button');
    expect(await page.isHidden('#signup-thanks')).toBe(true);
    await page.fill('#signup input[name=email]', 'ada@example.com');
    await page.click('#signup button');
    expect(await page.isVisible('#signup-thanks')).toBe(true);
    const landingReleasedAt = releasedAt;

    await page.click('#pricing-link');
    await page.waitForURL('**/pricing.html');
    await loaded(page);
    // The site's own code calls cairn.track() once the library is there...
    expect(await page.evaluate(() => typeof (window as unknown as { cairn: { track?: unknown } }).cairn.track)).toBe('function');
    await page.click('#billing-toggle');
    // ...and the command form keeps working after the library loaded.
    await page.evaluate(() => (window as unknown as { cairn: (...args: unknown[]) => void }).cairn('track', 'billing_toggled', { period: 'monthly' }));
    await page.click('.plans article:nth-child(2) [data-cairn="demo_booked"]');
    expect(await page.isVisible('#demo-thanks')).toBe(true);

    await leave(page, () => server.eventsOf('demo_booked').length > 0 && server.eventsOf('billing_toggled').length === 2);

    const [experiment] = server.eventsOf('experiment_viewed');
    expect(server.eventsOf('experiment_viewed')).toHaveLength(1);
    expect(experiment).toMatchObject({ kind: 'micro', role: 'secondary', props: { experiment: 'hero-headline', variant: 'b' } });
    expect(experiment!.trigger).toBeUndefined();
    // The time of the call in <head>, kept through the queue: before the library had even arrived.
    expect(experiment!.ts).toBeGreaterThanOrEqual(Math.floor(navigationStart));
    expect(experiment!.ts).toBeLessThan(landingReleasedAt);

    expect(server.eventsOf('whitepaper_download')).toHaveLength(1);
    expect(server.eventsOf('whitepaper_download')[0]).toMatchObject({ trigger: 'download', props: { url: `${server.origin}/whitepaper.pdf` } });
    expect(server.eventsOf('whitepaper_download')[0]!.ts).toBeGreaterThanOrEqual(landingReleasedAt);

    expect(server.eventsOf('newsletter_signup')).toHaveLength(1);
    expect(server.eventsOf('newsletter_signup')[0]).toMatchObject({ kind: 'micro', role: 'milestone', trigger: 'submit', props: { placement: 'landing-footer' } });

    expect(server.eventsOf('pricing_viewed')).toHaveLength(1);
    expect(server.eventsOf('pricing_viewed')[0]).toMatchObject({ trigger: 'pageview', props: { path: '/pricing.html' } });

    const toggles = inOrder(server.eventsOf('billing_toggled'));
    expect(toggles.map((event) => event.props)).toEqual([{ period: 'yearly' }, { period: 'monthly' }]);
    expect(toggles.map((event) => event.trigger)).toEqual([undefined, undefined]);

    expect(server.eventsOf('demo_booked')).toHaveLength(1);
    const [demo] = server.eventsOf('demo_booked');
    expect(demo).toMatchObject({ kind: 'macro', trigger: 'html', props: { plan: 'team', seats: 25 } });
    expect(pageOf(demo!).path).toBe('/pricing.html');

    // Nothing else: no other goal, no email address, and no request to another host.
    expect(new Set(server.events().map((event) => event.goal))).toEqual(
      new Set(['experiment_viewed', 'whitepaper_download', 'newsletter_signup', 'pricing_viewed', 'billing_toggled', 'demo_booked']),
    );
    expect(server.events()).toHaveLength(7);
    expect(JSON.stringify(server.events())).not.toContain('ada@example.com');
    expect(requested.filter((url) => !url.startsWith(`${server.origin}/`) && url !== 'about:blank')).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the README snippet works in a blank page, with a config block and a call made before it loaded', async () => {
    const { server } = site;
    const { context, page, problems } = await openPage(site.browser);
    const config = { endpoint: '/collect', goals: { signed_up: { kind: 'macro', props: { plan: ['free', 'pro'] } } } };
    const html = [
      '<!doctype html><html><head>',
      `<script type="application/json" data-cairn-config>${JSON.stringify(config)}</script>`,
      read('docs/snippet.html'),
      "<script>cairn('track', 'signed_up', { plan: 'free' })</script>",
      '</head><body></body></html>',
    ].join('\n');
    await page.route('**/blank.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));

    await page.goto(`${server.origin}/blank.html`);
    await loaded(page);
    await leave(page, () => server.eventsOf('signed_up').length > 0);

    expect(server.events()).toHaveLength(1);
    expect(server.eventsOf('signed_up')[0]).toMatchObject({ kind: 'macro', props: { plan: 'free' } });
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the SPA example in Chromium', () => {
  beforeAll(() => {
    // Type-checks the example against the built package and bundles it (cairn from dist/).
    const build = spawnSync(process.execPath, ['examples/spa/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`examples/spa/build.mjs failed:\n${build.stdout}${build.stderr}`);
  });
  const site = useSite({ root: 'examples/spa' }, { perTest: true });

  test('sends one page view per route change, on pushState and on back/forward, and none on replaceState', async () => {
    const { server } = site;
    const { context, page, problems } = await openPage(site.browser);
    await page.goto(`${server.origin}/`);
    await page.waitForSelector('#products');

    await page.click('a[href="/product/TEE-SUMMIT"]');
    await page.waitForSelector('#add');
    await page.selectOption('#color', 'slate'); // replaceState(?color=slate): the same page
    expect(page.url()).toBe(`${server.origin}/product/TEE-SUMMIT?color=slate`);
    await page.click('#cart-link');
    await page.waitForURL('**/cart');
    await page.goBack();
    await page.waitForURL('**/product/TEE-SUMMIT?color=slate');
    await page.goBack();
    await page.waitForURL(`${server.origin}/`);
    await page.goForward();
    await page.waitForSelector('#add');

    await leave(page, () => server.eventsOf('page_view').length >= 6);

    const views = inOrder(server.eventsOf('page_view'));
    expect(views.map((event) => event.props.path)).toEqual(['/', '/product/TEE-SUMMIT', '/cart', '/product/TEE-SUMMIT', '/', '/product/TEE-SUMMIT']);
    expect(views.every((event) => event.trigger === 'pageview')).toBe(true);
    expect(views.map((event) => pageOf(event).url.replace(server.origin, ''))).toEqual([
      '/', '/product/TEE-SUMMIT', '/cart', '/product/TEE-SUMMIT?color=slate', '/', '/product/TEE-SUMMIT?color=slate',
    ]);
    // The product route's own goal follows the same navigations; checkout was never reached.
    expect(server.eventsOf('view_product')).toHaveLength(3);
    expect(server.eventsOf('begin_checkout')).toHaveLength(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('delivers the typed add_to_cart and purchase calls with their props and values, across client-side routes', async () => {
    const { server } = site;
    const { context, page, problems } = await openPage(site.browser);
    await page.goto(`${server.origin}/`);
    await page.click('a[href="/product/MUG-BASECAMP"]');
    await page.waitForSelector('#add');
    await page.click('#add');
    await page.click('#cart-link');
    await page.click('#checkout');
    await page.click('#place-order');
    await page.waitForSelector('#order-id');
    const orderId = await page.textContent('#order-id');

    await leave(page, () => server.eventsOf('purchase').length > 0);

    expect(server.eventsOf('add_to_cart')).toHaveLength(1);
    expect(server.eventsOf('add_to_cart')[0]).toMatchObject({
      kind: 'micro',
      role: 'milestone',
      stage: 'intent',
      props: { sku: 'MUG-BASECAMP', price: 12.5, color: 'sand' },
      value: 12.5,
      currency: 'EUR',
    });
    expect(server.eventsOf('add_to_cart')[0]!.trigger).toBeUndefined();
    expect(server.eventsOf('purchase')).toHaveLength(1);
    const [purchase] = server.eventsOf('purchase');
    expect(purchase).toMatchObject({ kind: 'macro', props: { order_id: orderId, total: 12.5, items: 1 }, value: 12.5, currency: 'EUR' });
    expect(pageOf(purchase!).path).toBe('/checkout');
    expect(server.eventsOf('begin_checkout')).toHaveLength(1);
    const paths = inOrder(server.eventsOf('page_view')).map((event) => event.props.path);
    expect(paths).toEqual(['/', '/product/MUG-BASECAMP', '/cart', '/checkout', '/done']);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('labels each page view and conversion with its own route title, and the previous route as referrer', async () => {
    // The app sets document.title when it renders a route, after history.pushState, as routers do.
    const { server } = site;
    const { context, page, problems } = await openPage(site.browser);
    await page.goto(`${server.origin}/`);
    await page.click('a[href="/product/TEE-SUMMIT"]');
    await page.click('#add');
    await page.click('#cart-link');
    await page.click('#checkout');
    await page.click('#place-order');
    await page.waitForSelector('#order-id');

    await leave(page, () => server.eventsOf('purchase').length > 0 && server.eventsOf('page_view').length >= 5);

    const at = (path: string) => `${server.origin}${path}`;
    const views = inOrder(server.eventsOf('page_view')).map((event) => pageOf(event));
    expect(views.map(({ path, title }) => ({ path, title }))).toEqual([
      { path: '/', title: 'Home · Basecamp Store' },
      { path: '/product/TEE-SUMMIT', title: 'Summit Tee · Basecamp Store' },
      { path: '/cart', title: 'Cart · Basecamp Store' },
      { path: '/checkout', title: 'Checkout · Basecamp Store' },
      { path: '/done', title: 'Thank you · Basecamp Store' },
    ]);
    expect(views.slice(1).map((view) => view.referrer)).toEqual([at('/'), at('/product/TEE-SUMMIT'), at('/cart'), at('/checkout')]);
    // Events tracked on a route after it rendered: its own title, and the route before as referrer.
    const addToCart = pageOf(server.eventsOf('add_to_cart')[0]!);
    expect(addToCart).toMatchObject({ path: '/product/TEE-SUMMIT', title: 'Summit Tee · Basecamp Store', referrer: at('/') });
    const purchase = pageOf(server.eventsOf('purchase')[0]!);
    expect(purchase).toMatchObject({ path: '/checkout', title: 'Checkout · Basecamp Store', referrer: at('/cart') });
    expect(problems).toEqual([]);
    await context.close();
  });
});
