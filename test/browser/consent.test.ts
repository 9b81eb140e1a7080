import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ready, sleep, useSite, waitFor, type CairnWindow } from './harness';

interface Stored {
  goal: string;
  ts: number;
  seq: number;
  purpose?: string;
  context: { anonymousId: string; consent: Record<string, string>; gpc?: boolean; page: { url: string } };
}

/** What the page keeps: storage keys of both areas and cookies. */
const kept = (page: Page) =>
  page.evaluate(() => ({
    local: Object.keys(localStorage).sort(),
    session: Object.keys(sessionStorage).sort(),
    cookies: document.cookie,
  }));

const call = (page: Page, ...args: unknown[]) => page.evaluate((a) => void (window as CairnWindow).cairn!(...a), args);

describe('consent in Chromium: what reaches the collector and what the browser keeps at each step', () => {
  const site = useSite({ root: 'test/browser/pages/consent' }, { perTest: true });
  const stored = () => site.server.events() as unknown as Stored[];

  test('pending keeps everything in memory, a grant sends it with its own times, a denial deletes it all and sends nothing more', async () => {
    const { page, problems } = await site.open('/shop.html');
    await ready(page);
    const queuedAt = await page.evaluate(() => (window as unknown as { queuedAt: number }).queuedAt);

    // Pending: two events made (one queued in the snippet before the library loaded), nothing out, nothing kept.
    await sleep(1_000);
    await call(page, 'track', 'purchase', { total: 49.5 });
    const purchasedAt = Date.now();
    await sleep(1_000);
    expect(site.server.requests).toEqual([]);
    expect(await kept(page)).toEqual({ local: [], session: [], cookies: '' });

    // Granted: both leave, in order, with the times they were made; ids are now stored.
    await call(page, 'consent', 'granted');
    await waitFor(() => stored().length === 2);
    const [view, purchase] = stored().sort((a, b) => a.seq - b.seq);
    expect([view!.goal, purchase!.goal]).toEqual(['product_view', 'purchase']);
    expect(Math.abs(view!.ts - queuedAt)).toBeLessThan(50);
    expect(Math.abs(purchase!.ts - purchasedAt)).toBeLessThan(1_000);
    expect(purchase!.ts - view!.ts).toBeGreaterThan(900);
    expect(view!.context.consent).toEqual({ analytics: 'granted', marketing: 'granted' });
    const granted = await kept(page);
    expect(granted.local).toEqual(expect.arrayContaining(['cairn:aid', 'cairn:consent', 'cairn:session']));
    expect(await page.evaluate(() => localStorage.getItem('cairn:aid'))).toBe(view!.context.anonymousId);

    // Denied: every key but the remembered choice is gone, and nothing more is sent, not even on leaving.
    await call(page, 'consent', 'denied');
    expect(await kept(page)).toEqual({ local: ['cairn:consent'], session: [], cookies: '' });
    await call(page, 'track', 'purchase', { total: 10 });
    const requests = site.server.requests.length;
    await sleep(1_000);
    await page.click('#away');
    await page.waitForURL('**/away.html');
    await sleep(500);
    expect(site.server.requests.length).toBe(requests);
    expect(stored()).toHaveLength(2);
    expect(await kept(page)).toEqual({ local: ['cairn:consent'], session: [], cookies: '' });

    // The denial is remembered: the next load sends nothing and stores nothing.
    await page.goto(`${site.server.origin}/shop.html`);
    await ready(page);
    await sleep(1_000);
    expect(site.server.requests.length).toBe(requests);
    expect(await kept(page)).toEqual({ local: ['cairn:consent'], session: [], cookies: '' });

    // A later grant starts from nothing (what was tracked while denied stays dropped): a new anonymous id.
    await call(page, 'consent', 'granted');
    await call(page, 'track', 'purchase', { total: 5 });
    await waitFor(() => stored().length === 3);
    expect(stored()[2]!.goal).toBe('purchase');
    expect(stored()[2]!.context.anonymousId).not.toBe(view!.context.anonymousId);
    expect(problems).toEqual([]);
  });

  test("takes a cairn('consent', 'granted') queued in the snippet before the library loaded", async () => {
    const { page, problems } = await site.open('/shop.html?choice=granted');
    await ready(page);
    const queuedAt = await page.evaluate(() => (window as unknown as { queuedAt: number }).queuedAt);
    await waitFor(() => stored().length === 1);
    expect(stored()[0]).toMatchObject({ goal: 'product_view', context: { consent: { analytics: 'granted', marketing: 'granted' } } });
    expect(Math.abs(stored()[0]!.ts - queuedAt)).toBeLessThan(50);
    // The query string's unknown parameter (the consent tool's) is not sent.
    expect(stored()[0]!.context.page.url).toBe(`${site.server.origin}/shop.html`);
    expect(problems).toEqual([]);
  });

  test("drops what a cairn('consent', 'denied') queued in the snippet refused, and keeps nothing", async () => {
    const { page, problems } = await site.open('/shop.html?choice=denied');
    await ready(page);
    await sleep(1_000);
    expect(site.server.requests).toEqual([]);
    expect(await kept(page)).toEqual({ local: ['cairn:consent'], session: [], cookies: '' });
    expect(problems).toEqual([]);
  });
});

describe('Global Privacy Control in Chromium', () => {
  const site = useSite({ root: 'test/browser/pages/consent' }, { perTest: true });
  const stored = () => site.server.events() as unknown as Stored[];

  test('a browser sending GPC gets its marketing goal dropped and its analytics goal sent, and the batch says gpc', async () => {
    const { page, problems } = await site.open('/shop.html?choice=granted', {
      // Chromium has no GPC setting: the page sees what Firefox, Brave or DuckDuckGo would send.
      init: () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }),
      context: { extraHTTPHeaders: { 'Sec-GPC': '1' } },
    });
    await ready(page);
    await call(page, 'track', 'ad_signup');
    await call(page, 'track', 'purchase', { total: 20 });
    await waitFor(() => stored().length === 2);
    await sleep(500);
    expect(stored().map((e) => e.goal).sort()).toEqual(['product_view', 'purchase']);
    for (const event of stored()) expect(event.context).toMatchObject({ gpc: true, consent: { analytics: 'granted', marketing: 'denied' } });
    // The marketing goal never left the browser.
    const ids = site.server.requests.flatMap((r) => r.ids);
    expect(ids).toHaveLength(2);
    expect(problems).toEqual([]);
  });
});
