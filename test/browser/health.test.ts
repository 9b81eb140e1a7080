import { describe, expect, test } from 'vitest';
import { ready, sleep, useSite, waitFor } from './harness';

interface Vital {
  value: number;
  rating: string;
  final?: boolean;
}

interface Stored {
  goal: string;
  props: Record<string, unknown>;
  context: {
    health?: {
      view: string;
      navigationType: string;
      lcp?: Vital;
      inp?: Vital;
      cls?: Vital;
      fcp?: Vital;
      ttfb?: Vital;
      errors: number;
      rejections: number;
      media: { selector: string; src: string; code?: number }[];
      brokenMedia: number;
    };
  };
}

describe('page health in Chromium: a checkout page with a late banner, a script error, a refused promise and a broken video', () => {
  const site = useSite({ root: 'test/browser/pages/health' });
  const stored = (goal: string) => site.server.eventsOf(goal) as unknown as Stored[];

  test('the purchase carries LCP, CLS and FCP, and page_health after the visitor leaves carries them with INP, the errors and the broken video', async () => {
    const { server } = site;
    const context = await site.browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${server.origin}/checkout.html`);
    await ready(page);
    await page.waitForSelector('#banner');
    await sleep(300);
    // A thrown error, an unhandled rejection and a video whose only source is missing.
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('checkout script failed');
      });
      void Promise.reject(new Error('payment widget refused'));
      const video = document.createElement('video');
      video.id = 'demo';
      const source = document.createElement('source');
      source.src = '/missing.mp4?session=abc';
      source.type = 'video/mp4';
      video.append(source);
      document.body.append(video);
    });
    await sleep(300);
    await page.click('#buy');
    await waitFor(() => stored('purchase').length === 1);
    // web-vitals reads interactions in an idle callback (at most 1 s later): INP is known by then.
    await sleep(1_100);
    await page.goto('about:blank');
    await waitFor(() => stored('page_health').length === 1);

    const purchase = stored('purchase')[0]!.context.health!;
    expect(purchase.lcp!.value).toBeGreaterThanOrEqual(400);
    expect(purchase.lcp!.final).toBe(true);
    expect(purchase.cls!.value).toBeGreaterThan(0);
    expect(purchase.fcp).toMatchObject({ final: true });
    expect(purchase.fcp!.value).toBeLessThan(purchase.lcp!.value);
    expect(purchase).toMatchObject({ navigationType: 'navigate', errors: 1, rejections: 1 });

    const [health] = stored('page_health');
    expect(health!.props).toEqual({ reason: 'pagehide' });
    const final = health!.context.health!;
    expect(final.view).toBe(purchase.view);
    expect(final.lcp).toEqual({ ...purchase.lcp, final: true });
    expect(final.cls!.value).toBeGreaterThanOrEqual(purchase.cls!.value);
    expect(final.inp!.value).toBeGreaterThanOrEqual(100);
    expect(final.ttfb!.final).toBe(true);
    expect(final).toMatchObject({ errors: 1, rejections: 1, brokenMedia: 1 });
    expect(final.media).toEqual([{ selector: 'video#demo', src: `${server.origin}/missing.mp4`, code: 4 }]);
    expect(JSON.stringify(stored('page_health'))).not.toContain('checkout script failed');
    // The page itself saw its own errors, as it would without cairn.
    expect(pageErrors).toEqual(expect.arrayContaining(['checkout script failed', 'payment widget refused']));
    await context.close();
  });

  test('a page without data-health makes no request for cairn.health.js', async () => {
    const { server } = site;
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.route('**/plain.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Plain</title><script src="/cairn.global.js" data-config="/plain.json" data-triggers="false" data-context="false"></script>',
      }),
    );
    await page.route('**/plain.json', (route) => route.fulfill({ contentType: 'application/json', body: '{"endpoint":"/collect","goals":{"purchase":{"kind":"macro"}}}' }));
    await page.goto(`${server.origin}/plain.html`);
    await ready(page);
    expect(requested.filter((path) => path.includes('health'))).toEqual([]);
    await context.close();
  });
});
