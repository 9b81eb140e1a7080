import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, launchEngine, ready, type Engine, type EnginePage } from './engines';
import { expectStoredOnce, sleep, storedSteps, useTestServer, waitFor, type CairnWindow } from './harness';

/** Tracks `step` events n = from … from+count-1 (or `order` events) in one task; returns their ids. */
function track(page: EnginePage, run: string, from: number, count: number, goal: 'step' | 'order' = 'step'): Promise<string[]> {
  return page.evaluate(
    ({ run, from, count, goal }) => {
      const cairn = (window as CairnWindow).cairn!;
      const ids: string[] = [];
      const off = cairn.on!('track', (event) => ids.push(event.id)) as () => void;
      for (let n = from; n < from + count; n++) cairn.track!(goal, goal === 'step' ? { n, run } : { n });
      off();
      return ids;
    },
    { run, from, count, goal },
  );
}

/** The script-tag command form, `cairn(name, ...args)`, in the page. */
const call = (page: EnginePage, ...args: unknown[]) => page.evaluate((a) => void (window as CairnWindow).cairn!(...a), args);

const keys = (page: EnginePage) => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('cairn:')).sort(), null);

describe.each(ENGINES)('delivery and consent in %s', (name) => {
  const delivery = useTestServer({ root: 'test/browser/pages/delivery' }, { perTest: true });
  const consent = useTestServer({ root: 'test/browser/pages/consent' }, { perTest: true });
  let engine: Engine;
  beforeAll(async () => {
    engine = await launchEngine(name);
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });

  test('holds events while offline, sends nothing, and delivers each once back online (where the driver can take a page offline)', async () => {
    const { server } = delivery;
    const page = await engine.newPage();
    const run = `offline-${name}`;
    await page.goto(`${server.origin}/index.html`);
    await ready(page);
    const ids: string[] = [];
    if (page.setOffline) {
      await page.setOffline(true);
      const onLine = await page.evaluate(() => navigator.onLine, null);
      for (let burst = 0; burst < 5; burst++) {
        ids.push(...(await track(page, run, ids.length, 10)));
        await sleep(200);
      }
      await sleep(2_500);
      const whileOffline = server.requests.length;
      const onlineAt = Date.now();
      await page.setOffline(false);
      await waitFor(() => storedSteps(server, run).length >= 50, 10_000);
      await sleep(700);
      console.log(`[${name}] offline: navigator.onLine ${onLine}, ${whileOffline} requests while offline, ${storedSteps(server, run).length}/50 stored after, ${server.duplicateDeliveries()} duplicates`);
      expect(onLine).toBe(false);
      expect(whileOffline).toBe(0);
      expect(server.requests.every((r) => r.at >= onlineAt)).toBe(true);
    } else {
      // WebKit's WebDriver has no command to take a page offline: what a page sees of a network that
      // is gone (every request failing before an answer) is checked instead, then the way back.
      server.setFaults({ rate: 1, kinds: ['drop'] });
      for (let burst = 0; burst < 5; burst++) {
        ids.push(...(await track(page, run, ids.length, 10)));
        await sleep(200);
      }
      await sleep(2_500);
      const attempts = server.requests.length;
      server.setFaults(undefined);
      await waitFor(() => storedSteps(server, run).length >= 50, 20_000);
      await sleep(700);
      console.log(`[${name}] offline: no driver command; with every connection dropped ${attempts} attempts, then ${storedSteps(server, run).length}/50 stored, ${server.duplicateDeliveries()} duplicates`);
      expect(attempts).toBeGreaterThan(0);
    }
    expectStoredOnce(server, run, ids);
    expect(server.duplicateDeliveries()).toBe(0);
    await page.close();
  });

  test('keeps tracking in memory when localStorage is disabled or full, warning once and throwing nothing', async () => {
    const { server } = delivery;
    const figures: string[] = [];
    for (const kind of ['disabled', 'full']) {
      const run = `storage-${kind}-${name}`;
      const page = await engine.newPage();
      await page.goto(`${server.origin}/no-storage.html?case=${kind}`);
      await ready(page);
      const ids: string[] = [];
      for (let burst = 0; burst < 4; burst++) {
        ids.push(...(await track(page, run, ids.length, 25)));
        await sleep(100);
      }
      const orderIds = new Set(await track(page, run, 0, 1, 'order'));
      const orders = () => server.eventsOf('order').filter((r) => orderIds.has(r.id));
      await waitFor(() => storedSteps(server, run).length >= 100 && orders().length > 0, 10_000);
      await sleep(700);
      const { warnings, errors } = await page.evaluate(() => ({ warnings: (window as unknown as { warnings: string[] }).warnings, errors: (window as unknown as { errors: string[] }).errors }), null);
      figures.push(`${kind}: ${storedSteps(server, run).length}/100 steps + ${orders().length}/1 order, warnings ${JSON.stringify(warnings)}`);
      expectStoredOnce(server, run, ids);
      expect(orders()).toHaveLength(1);
      expect(errors).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^\[cairn\] storage unavailable/);
      await page.close();
    }
    console.log(`[${name}] storage: ${figures.join('; ')}; ${server.duplicateDeliveries()} duplicates`);
    expect(server.duplicateDeliveries()).toBe(0);
  });

  test('a choice made in one tab reaches the other, even in the background: a grant sends what it held, a withdrawal stops it and leaves nothing stored', async () => {
    const { server } = consent;
    const [front, back] = await engine.newTabs(2);
    // The second tab opens in the background (hidden in WebKit) and is never shown.
    await front!.goto(`${server.origin}/shop.html`);
    await ready(front!);
    await back!.goto(`${server.origin}/shop.html`);
    await ready(back!);
    // Both tabs hold their product view in memory: consent is required and not given yet.
    await sleep(500);
    expect(server.requests).toEqual([]);
    const hidden = await back!.evaluate(() => document.visibilityState, null);

    await call(front!, 'consent', 'granted');
    await sleep(1_500);
    // The background tab learns it from the storage event.
    await call(back!, 'track', 'purchase', { total: 1 });
    await waitFor(() => server.eventsOf('product_view').length >= 2 && server.eventsOf('purchase').length >= 1, 10_000);
    await sleep(500);
    expect(server.eventsOf('product_view')).toHaveLength(2);
    expect(server.eventsOf('purchase').map((e) => e.props)).toEqual([{ total: 1 }]);

    await call(front!, 'consent', 'denied');
    await sleep(1_500);
    const before = server.requests.length;
    await call(back!, 'track', 'purchase', { total: 2 });
    await sleep(1_500);
    const left = { front: await keys(front!), back: await keys(back!) };
    console.log(`[${name}] consent across tabs (background tab ${hidden}): after the withdrawal ${server.requests.length - before} requests, keys left ${JSON.stringify(left)}`);
    expect(server.requests.length).toBe(before);
    expect(server.eventsOf('purchase')).toHaveLength(1);
    expect(left).toEqual({ front: ['cairn:consent'], back: ['cairn:consent'] });
    await front!.close();
  });
});
