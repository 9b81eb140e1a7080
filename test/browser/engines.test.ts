import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, launchEngine, ready, type Engine, type EnginePage } from './engines';
import { seeded } from '../support/seeded-random';
import { toneWav } from './tone';
import { expectStoredOnce, outcomes, sleep, storedSteps, useTestServer, useTestServers, waitFor, wireSends, type CairnWindow } from './harness';

interface Stored {
  goal: string;
  props: Record<string, unknown>;
  context: { channel?: string; sessionIndex?: number; firstTouch?: { channel: string; campaign?: string }; journey?: { items: { goal: string; channel?: string }[] } };
}

const MEDIA_DIR = resolve(import.meta.dirname, 'pages/triggers/media');

describe.each(ENGINES)('in %s', (name) => {
  beforeAll(() => {
    mkdirSync(MEDIA_DIR, { recursive: true });
    writeFileSync(resolve(MEDIA_DIR, 'tone.wav'), toneWav());
  });
  afterAll(() => rmSync(MEDIA_DIR, { recursive: true, force: true }));
  const delivery = useTestServer({ root: 'test/browser/pages/delivery' });
  const shop = useTestServer({ root: 'test/browser/pages/context' });
  const triggers = useTestServer({ root: 'test/browser/pages/triggers' });
  const ownership = useTestServer({ root: 'test/browser/pages/ownership' });
  const { serve } = useTestServers('test/browser/pages/delivery');
  let engine: Engine;
  beforeAll(async () => {
    engine = await launchEngine(name);
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });

  test('delivers 20 of 20 events tracked just before navigating to a page without cairn, none twice', async () => {
    const { server } = delivery;
    const page = await engine.newPage();
    const run = `unload-${name}`;
    // Default batching (2 s interval): nothing leaves before the navigation; pagehide must send it all.
    await page.goto(`${server.origin}/defaults.html`);
    await ready(page);
    const before = server.requests.length;
    const ids = await trackTwenty(page, run);
    await page.goto(`${server.origin}/plain.html`);
    await waitFor(() => storedSteps(server, run).length >= 20, 10_000);
    await sleep(1_000);
    expect(ids).toHaveLength(20);
    expectStoredOnce(server, run, ids);
    const { resent } = wireSends(server.requests.slice(before), new Set(ids));
    console.log(`[${name}] unload: 20/20 stored, ${resent} resent on the wire`);
    await page.close();
  });

  test('delivers each of 20 events tracked just before navigating to another page that runs cairn once, at most one sent twice', async () => {
    const { server } = delivery;
    const page = await engine.newPage();
    const run = `onto-cairn-${name}`;
    await page.goto(`${server.origin}/defaults.html`);
    await ready(page);
    const before = server.requests.length;
    const ids = await trackTwenty(page, run);
    // The next page takes the beaconed events over, waits 2 s, asks the collector, sends none again.
    await page.goto(`${server.origin}/defaults.html`);
    await ready(page);
    await waitFor(() => storedSteps(server, run).length >= 20, 10_000);
    await sleep(3_500);
    expectStoredOnce(server, run, ids);
    const { resent } = wireSends(server.requests.slice(before), new Set(ids));
    console.log(`[${name}] unload onto a cairn page: 20/20 stored, ${resent} resent on the wire`);
    expect(resent).toBeLessThanOrEqual(1);
    await page.close();
  });

  test('keeps events in storage while the collector fails, across a reload, and delivers each once when it is back', async () => {
    const { server } = delivery;
    const page = await engine.newPage();
    const run = `stored-${name}`;
    await page.goto(`${server.origin}/index.html`);
    await ready(page);
    server.setFaults({ rate: 1, kinds: ['500'] });
    const ids = await page.evaluate((run) => {
      const cairn = (window as CairnWindow).cairn!;
      const tracked: string[] = [];
      const off = cairn.on!('track', (event) => tracked.push(event.id)) as () => void;
      for (let n = 0; n < 10; n++) cairn.track!('step', { n, run });
      off();
      return tracked;
    }, run);
    await sleep(1_000);
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('cairn:q:')).map((key) => localStorage.getItem(key)!.length), null);
    expect(kept.length).toBeGreaterThan(0);
    expect(storedSteps(server, run)).toHaveLength(0);
    // Reload while the collector still fails (the unload beacon fails too), then bring it back.
    await page.goto(`${server.origin}/index.html`);
    await ready(page);
    server.setFaults(undefined);
    await waitFor(() => storedSteps(server, run).length >= 10, 20_000);
    await sleep(500);
    expectStoredOnce(server, run, ids);
    await page.close();
  });

  test('credits a search-ad campaign through the journey of a purchase made later, directly, after one abandonment', async () => {
    const { server } = shop;
    const stored = (goal: string) => server.eventsOf(goal) as unknown as Stored[];
    const page = await engine.newPage();
    await page.goto(`${server.origin}/tent.html?utm_source=google&utm_medium=cpc&utm_campaign=spring_tents`);
    await ready(page);
    await waitFor(() => stored('product_view').length === 1);
    await page.click('#add');
    await waitFor(() => stored('add_to_cart').length === 1);
    await page.goto('about:blank');
    await sleep(2_000);
    await page.goto(`${server.origin}/tent.html`);
    await ready(page);
    await waitFor(() => stored('funnel_abandoned').length === 1 && stored('product_view').length === 2);
    await page.click('#thanks');
    await waitFor(() => stored('purchase').length === 1);
    await sleep(300);

    expect(stored('product_view')[0]!.context).toMatchObject({ channel: 'Paid Search', sessionIndex: 1 });
    expect(stored('funnel_abandoned').map((e) => e.props)).toEqual([expect.objectContaining({ funnel: 'checkout', step: 2, goal: 'add_to_cart', value: 249.5 })]);
    const [purchase] = stored('purchase');
    expect(purchase!.context).toMatchObject({ channel: 'Direct', sessionIndex: 2, firstTouch: { channel: 'Paid Search', campaign: 'spring_tents' } });
    expect(purchase!.context.journey!.items.map((item) => [item.goal, item.channel])).toEqual([
      ['product_view', 'Paid Search'],
      ['add_to_cart', 'Paid Search'],
      ['product_view', 'Direct'],
    ]);
    await page.close();
  });

  test('counts an element seen for its stated time (IntersectionObserver), once, and not one scrolled past', async () => {
    const { server } = triggers;
    const page = await engine.newPage();
    await page.goto(`${server.origin}/visible.html`);
    await ready(page);
    const show = (selector: string) => page.evaluate((selector) => document.querySelector(selector)!.scrollIntoView({ block: 'center' }), selector);
    await sleep(800);
    expect(server.eventsOf('pricing_seen')).toHaveLength(0);
    await show('#flyby');
    await sleep(200);
    await show('#pricing');
    await waitFor(() => server.eventsOf('pricing_seen').length === 1, 10_000);
    await page.evaluate(() => window.scrollTo(0, 0), null);
    await sleep(300);
    await show('#pricing');
    await sleep(1_200);
    expect(server.eventsOf('pricing_seen')).toHaveLength(1);
    expect(server.eventsOf('flyby_seen')).toHaveLength(0);
    await page.close();
  });

  test('counts a page view per history navigation (pushState, back) with the new path, and none for a fragment', async () => {
    const { server } = triggers;
    const views = () => (server.eventsOf('page_view') as unknown as { seq: number; props: { path: string } }[]).slice().sort((a, b) => a.seq - b.seq).map((e) => e.props.path);
    const page = await engine.newPage();
    await page.goto(`${server.origin}/spa.html`);
    await ready(page);
    await waitFor(() => views().length === 1);
    await page.evaluate(() => history.pushState({}, '', '/pricing'), null);
    await page.evaluate(() => history.pushState({}, '', '/product/boots'), null);
    await page.evaluate(() => (location.hash = '#reviews'), null);
    await sleep(300);
    await page.evaluate(() => history.back(), null);
    await sleep(300);
    await page.evaluate(() => history.back(), null);
    await waitFor(() => views().length === 4);
    await sleep(500);
    expect(views()).toEqual(['/spa.html', '/pricing', '/product/boots', '/pricing']);
    await page.close();
  });

  test('sends a data-cairn click with its props coerced by the goal, and scroll depths once each', async () => {
    const { server } = triggers;
    const page = await engine.newPage();
    await page.goto(`${server.origin}/tagged.html`);
    await ready(page);
    await page.click('#book');
    await waitFor(() => server.eventsOf('demo_booked').length === 1);
    expect(server.eventsOf('demo_booked')[0]).toMatchObject({ kind: 'macro', props: { plan: 'team', seats: 5 }, trigger: 'html' });

    await page.goto(`${server.origin}/scroll.html`);
    await ready(page);
    const percents = () => server.eventsOf('scroll_depth').map((e) => (e.props as { percent: number }).percent);
    await page.evaluate(() => window.scrollTo(0, 1500), null);
    await waitFor(() => percents().length === 1);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight), null);
    await waitFor(() => percents().length === 2);
    for (const top of [0, 1500, 100_000]) {
      await page.evaluate((top) => window.scrollTo(0, top), top);
      await sleep(100);
    }
    await sleep(500);
    expect(percents()).toEqual([50, 90]);
    await page.close();
  });

  test('a real media file played to 75% fires 25, 50 and 75 once each', async () => {
    const { server } = triggers;
    const page = await engine.newPage();
    await page.goto(`${server.origin}/media.html`);
    await ready(page);
    const played = await page.evaluate(async () => {
      const media = document.querySelector<HTMLMediaElement>('#a')!;
      // Muted: WebKit lets muted media play without a gesture, and no engine needs a sound device.
      media.muted = true;
      media.playbackRate = 2;
      try {
        await new Promise<void>((done, fail) => {
          const onTime = () => {
            if (media.currentTime < 6) return;
            media.removeEventListener('timeupdate', onTime);
            media.pause();
            done();
          };
          media.addEventListener('timeupdate', onTime);
          media.addEventListener('error', () => fail(new Error(`media error ${media.error?.code}`)));
          media.play().catch(fail);
        });
        return { ok: true, at: media.currentTime, duration: media.duration };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    }, null);
    expect(played, JSON.stringify(played)).toMatchObject({ ok: true });
    await waitFor(() => server.eventsOf('media_a').length >= 3);
    await sleep(500);
    expect(server.eventsOf('media_a').map((e) => (e.props as { percent: number }).percent)).toEqual([25, 50, 75]);
    await page.close();
  });

  test('keeps sending after a page comes back from the back/forward cache, and delivers every event once', async () => {
    const { server } = ownership;
    const run = `back-${name}`;
    const page = await engine.newPage();
    const trackSteps = (from: number) =>
      page.evaluate(({ run, from }) => {
        const cairn = (window as CairnWindow).cairn!;
        const tracked: string[] = [];
        const off = cairn.on!('track', (event) => tracked.push(event.id)) as () => void;
        for (let n = from; n < from + 10; n++) cairn.track!('step', { n, run });
        off();
        return tracked;
      }, { run, from });
    await page.goto(`${server.origin}/index.html`);
    await ready(page);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'before leaving';
      addEventListener('pageshow', (event) => ((window as unknown as { restored: boolean }).restored = event.persisted));
    }, null);
    const ids = await trackSteps(0);
    await page.click('#plain');
    await waitFor(() => storedSteps(server, run).length >= 10, 10_000);
    await page.evaluate(() => void setTimeout(() => history.back()), null).catch(() => undefined);
    await sleep(500);
    await ready(page);
    const restored = await page.evaluate(() => (window as unknown as { marker?: string }).marker === 'before leaving', null);
    ids.push(...(await trackSteps(10)));
    await waitFor(() => storedSteps(server, run).length >= 20, 10_000);
    await sleep(1_000);
    // Every engine here keeps the page in its back/forward cache: the same window comes back.
    expect(restored).toBe(true);
    expectStoredOnce(server, run, ids);
    await page.close();
  });

  test('delivers each of 300 events once through a collector failing 30% of requests and reloads mid-flight, and prints the duplicates on the wire', async () => {
    const server = await serve({ faults: { rate: 0.3, kinds: ['500', 'drop', '429', 'slow'], retryAfter: 1 }, random: seeded(20240611) });
    const rng = seeded(7);
    const run = `faults-${name}`;
    const ids: string[] = [];
    const page = await engine.newPage();
    for (let load = 0; load < 3; load++) {
      await page.goto(`${server.origin}/small-batches.html`);
      await ready(page);
      while (ids.length < (load + 1) * 100) {
        const count = Math.min((load + 1) * 100 - ids.length, 3 + Math.floor(rng() * 25));
        ids.push(
          ...(await page.evaluate(({ run, from, count }) => {
            const cairn = (window as CairnWindow).cairn!;
            const tracked: string[] = [];
            const off = cairn.on!('track', (event) => tracked.push(event.id)) as () => void;
            for (let n = from; n < from + count; n++) cairn.track!('step', { n, run });
            off();
            return tracked;
          }, { run, from: ids.length, count })),
        );
        await sleep(Math.floor(rng() * 150));
      }
      await sleep(Math.floor(rng() * 700));
    }
    const faulty = server.requests.length;
    server.setFaults(undefined);
    await page.goto(`${server.origin}/small-batches.html`);
    await ready(page);
    const wanted = new Set(ids);
    await waitFor(() => storedSteps(server, run).filter((r) => wanted.has(r.id)).length >= wanted.size, 30_000);
    await sleep(1_000);
    const { resent } = wireSends(server.requests, wanted);
    console.log(`[${name}] faults: 300/300 stored once; ${server.requests.length} requests (${faulty} while faulty: ${outcomes(server.requests.slice(0, faulty))}); ${resent} resends, ${server.duplicateDeliveries()} duplicate deliveries on the wire`);
    expectStoredOnce(server, run, ids);
    // Duplicates on the wire stay under 5% of events (DESIGN §6): 0 measured in each engine.
    expect(server.duplicateDeliveries()).toBeLessThan(15);
    await page.close();
  });

  test('delivers every event of two tabs tracking at once, one of them reloading, each stored once', async () => {
    const server = await serve();
    const run = `tabs-${name}`;
    const tabs = await engine.newTabs(2);
    for (const tab of tabs) {
      await tab.goto(`${server.origin}/index.html`);
      await ready(tab);
    }
    const ids: string[] = [];
    const burst = (tab: EnginePage, from: number) =>
      tab.evaluate(({ run, from }) => {
        const cairn = (window as CairnWindow).cairn!;
        const tracked: string[] = [];
        const off = cairn.on!('track', (event) => tracked.push(event.id)) as () => void;
        for (let n = from; n < from + 5; n++) cairn.track!('step', { n, run });
        off();
        return tracked;
      }, { run, from });
    for (let round = 0; round < 10; round++) {
      for (const tab of tabs) ids.push(...(await burst(tab, ids.length)));
      if (round === 4) {
        await tabs[0]!.goto(`${server.origin}/index.html`);
        await ready(tabs[0]!);
      }
      await sleep(100);
    }
    await waitFor(() => storedSteps(server, run).length >= ids.length, 15_000);
    await sleep(1_000);
    console.log(`[${name}] two tabs: ${ids.length}/${ids.length} stored once, ${server.duplicateDeliveries()} duplicate deliveries on the wire`);
    expect(server.duplicateDeliveries()).toBeLessThan(5);
    expect(ids).toHaveLength(100);
    expectStoredOnce(server, run, ids);
    await tabs[0]!.close();
  });

  test('honours Retry-After: 2 after a 429, sending nothing until it has passed, then everything once', async () => {
    const server = await serve({ firstFaults: { kinds: ['429'], retryAfter: 2 } });
    const page = await engine.newPage();
    await page.goto(`${server.origin}/index.html`);
    await ready(page);
    const trackOne = (goal: 'order' | 'step', n: number) =>
      page.evaluate(({ goal, n }) => {
        const cairn = (window as CairnWindow).cairn!;
        let id = '';
        const off = cairn.on!('track', (event) => (id = event.id)) as () => void;
        cairn.track!(goal, goal === 'order' ? { n } : { n, run: 'retry-after' });
        off();
        return id;
      }, { goal, n });
    // A macro conversion leaves at once and gets the 429; steps tracked during the wait wait too.
    const ids = [await trackOne('order', 1)];
    await waitFor(() => server.requests.length >= 1, 5_000);
    for (let n = 0; n < 6; n++) {
      await sleep(250);
      ids.push(await trackOne('step', n));
    }
    await waitFor(() => server.events().length >= 7, 10_000);
    await sleep(500);
    const [first, second] = server.requests;
    console.log(`[${name}] retry-after: next request ${second!.at - first!.at} ms after the 429`);
    expect(first!.outcome).toBe('429');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2_000);
    expect(new Set(server.events().map((e) => e.id))).toEqual(new Set(ids));
    expect(server.events()).toHaveLength(7);
    await page.close();
  });
});


/** Tracks 20 `step` events in one task, as a page does right before the visitor leaves; returns their ids. */
function trackTwenty(page: EnginePage, run: string): Promise<string[]> {
  return page.evaluate((run: string) => {
    const cairn = (window as CairnWindow).cairn!;
    const tracked: string[] = [];
    const off = cairn.on!('track', (event) => tracked.push(event.id)) as () => void;
    for (let n = 0; n < 20; n++) cairn.track!('step', { n, run });
    off();
    return tracked;
  }, run);
}
