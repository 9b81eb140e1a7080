import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { expectStoredOnce, ready, sleep, storedSteps, track, useChromium, useTestServers, waitFor, watch, wireSends, type CairnWindow, type Watched } from './harness';

/**
 * Who owns the stored queue when pages come and go, in a real Chromium (DESIGN §5): a page that
 * comes back from the back/forward cache, and a closed page's record that two new tabs race to take
 * over under the Web Lock. Each test prints its figures.
 */

const ROOT = 'test/browser/pages/ownership';

/** Events of `run` held in this origin's stored queue records, read from a page of the site. */
function heldInStorage(page: Page, run: string): Promise<{ records: number; closed: number; events: number }> {
  return page.evaluate((run) => {
    let records = 0;
    let closed = 0;
    let events = 0;
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith('cairn:q:')) continue;
      const record = JSON.parse(localStorage.getItem(key) ?? '{}') as { c?: 1; e?: { props?: { run?: string } }[] };
      const held = (record.e ?? []).filter((event) => event.props?.run === run).length;
      if (!held) continue;
      records++;
      if (record.c) closed++;
      events += held;
    }
    return { records, closed, events };
  }, run);
}

describe('a page restored from the back/forward cache', () => {
  const { serve } = useTestServers(ROOT);
  const chromium = useChromium({ backForwardCache: true });

  test('keeps sending after the restore, and every event reaches the collector once after dedupe, whether the next page runs cairn or not', async () => {
    const figures: string[] = [];
    for (const next of ['plain', 'next'] as const) {
      const server = await serve();
      const run = `bfcache-${next}`;
      const context = await chromium.newContext();
      // Records each pageshow: a restored page keeps its window, so the list lives on with it.
      await context.addInitScript(() => {
        const shows: boolean[] = ((window as unknown as { shows: boolean[] }).shows = []);
        addEventListener('pageshow', (event) => shows.push(event.persisted));
      });
      const page = await context.newPage();
      const watched = watch(page);
      await page.goto(`${server.origin}/index.html`);
      await ready(page);
      await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'before leaving'));

      // Ten events delivered and acknowledged, then ten left waiting (500 ms interval) as the page is left.
      const ids = await track(page, run, 0, 10);
      await waitFor(() => storedSteps(server, run).length >= 10);
      await page.waitForFunction((run) => !Object.keys(localStorage).some((key) => key.startsWith('cairn:q:') && localStorage.getItem(key)!.includes(run)), run);
      const waiting = await track(page, run, 10, 10);
      ids.push(...waiting);
      await page.click(`#${next}`);
      await page.waitForURL(`**/${next}.html`);
      if (next === 'next') await ready(page);
      await waitFor(() => storedSteps(server, run).length >= 20);
      const awayRequests = server.requests.length;

      // No load event on a restore: goBack() waits for the commit only.
      const backAt = Date.now();
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForFunction(() => (window as unknown as { shows: boolean[] }).shows.includes(true));
      const restore = await page.evaluate(() => ({
        shows: (window as unknown as { shows: boolean[] }).shows,
        marker: (window as unknown as { marker?: string }).marker,
        navigation: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).type,
        cairnLoaded: (window as CairnWindow).cairn?.loaded,
      }));
      const after = await track(page, run, 20, 10);
      ids.push(...after);
      await waitFor(() => storedSteps(server, run).length >= 30);
      await sleep(1500); // let any late resend in before counting

      const { sends, resent } = wireSends(server.requests, new Set(ids));
      const afterRestore = server.requests.filter((request) => request.at >= backAt);
      figures.push(
        `${next === 'plain' ? 'to a page without cairn' : 'to a page with cairn'}: ${storedSteps(server, run).length}/30 stored, ` +
          `${server.requests.length} requests (${server.requests.length - awayRequests} after the restore), ${sends} event sends, ` +
          `${resent} resent on the wire (of ${waiting.length} waiting at pagehide), ${server.duplicateDeliveries()} duplicate deliveries on the wire`,
      );

      // It really was a restore from the cache: the same window, a persisted pageshow, no new load.
      expect(restore).toEqual({ shows: [false, true], marker: 'before leaving', navigation: 'navigate', cairnLoaded: true });
      expectStoredOnce(server, run, ids);
      expect(server.events()).toHaveLength(30);
      // The tracker still sends after the restore: the events tracked then left in requests made then.
      expect(afterRestore.flatMap((request) => request.ids)).toEqual(expect.arrayContaining(after));
      // At-least-once: only what left by beacon at pagehide, without an answer, may be sent again.
      expect(resent).toBeLessThanOrEqual(waiting.length);
      expect(wireSends(server.requests, new Set([...ids.slice(0, 10), ...after])).resent).toBe(0);
      expect(watched.errors).toEqual([]);
      expect(watched.warnings).toEqual([]);
      await context.close();
    }
    console.log(`[bfcache] ${figures.join('; ')}`);
  });
});

describe('a closed page’s stored events, with two new tabs starting at once', () => {
  const { serve } = useTestServers(ROOT);
  const chromium = useChromium();

  test('are taken over by exactly one of the tabs and reach the collector once each', async () => {
    // How much later the second tab starts, per round: at the same moment (its lock request is
    // answered "not available" while the first holds it), or just after the first took over (it gets
    // the lock and must find the record gone).
    const OFFSETS_MS = [0, 0, 0, 40, 120];
    const N = 40;
    const figures: string[] = [];
    for (const [round, offset] of OFFSETS_MS.entries()) {
      const server = await serve({ faults: { rate: 1, kinds: ['500'] } });
      const run = `orphans-${round}`;
      const context = await chromium.newContext();

      // A page tracks N events while every POST fails, then is closed with them stored.
      const closing = await context.newPage();
      const closingWatch = watch(closing, { ignoreFailedLoads: true, cairnWarningsOnly: true });
      await closing.goto(`${server.origin}/index.html`);
      await ready(closing);
      const ids = await track(closing, run, 0, N);
      await waitFor(() => server.requests.length >= 1);
      await closing.close();
      // A retry the closed page sent as it closed (a keepalive request, refused like the others) can
      // land after close() returns: counted before the new tabs start, it is none of theirs.
      for (let seen = -1; seen !== server.requests.length; ) {
        seen = server.requests.length;
        await sleep(400);
      }
      const failedRequests = server.requests.length;

      // What it left, read from a page of the site that does not run cairn.
      const reader = await context.newPage();
      await reader.goto(`${server.origin}/plain.html`);
      const left = await heldInStorage(reader, run);
      await reader.close();

      // The collector works again; two tabs of the site (debug on, to hear which one takes over) start.
      server.setFaults(undefined);
      const tabs = await Promise.all([context.newPage(), context.newPage()]);
      const watched: Watched = { errors: [], warnings: [], problems: [] };
      const tookOver: string[][] = [[], []];
      const posted: string[][] = [[], []];
      for (const [t, tab] of tabs.entries()) {
        watch(tab, {}, watched);
        await tab.addInitScript(recordLockAnswers);
        tab.on('console', (message) => message.text().includes('took over') && tookOver[t]!.push(message.text()));
        tab.on('request', (request) => {
          if (request.method() !== 'POST' || !request.url().endsWith('/collect')) return;
          const body = JSON.parse(request.postData() ?? '{"events":[]}') as { events?: { id: string }[] };
          posted[t]!.push(...(body.events ?? []).map((event) => event.id));
        });
      }
      await Promise.all(
        tabs.map(async (tab, t) => {
          if (t === 1) await sleep(offset);
          await tab.goto(`${server.origin}/debug.html`);
        }),
      );
      await Promise.all(tabs.map((tab) => ready(tab)));
      await waitFor(() => storedSteps(server, run).length >= N);
      await sleep(1500); // let a late second takeover show before counting

      const wanted = new Set(ids);
      const sentBy = posted.map((tabIds) => tabIds.filter((id) => wanted.has(id)).length);
      const duplicates = wireSends(server.requests.slice(failedRequests), wanted).resent;
      const locks = await Promise.all(tabs.map((tab) => tab.evaluate(() => (window as unknown as { lockAnswers: string[] }).lockAnswers.join(','))));
      figures.push(
        `round ${round + 1} (+${offset} ms): ${left.events} left in ${left.records} closed record(s); adopt lock ${locks.join(' / ')}; ` +
          `took over ${tookOver.map((lines) => lines.length).join(' / ')}; sent ${sentBy.join(' / ')}; ` +
          `${storedSteps(server, run).length}/${N} stored, ${duplicates} wire duplicates`,
      );

      expect(left).toEqual({ records: 1, closed: 1, events: N });
      expectStoredOnce(server, run, ids);
      expect(tookOver.filter((lines) => lines.length > 0)).toHaveLength(1);
      expect(tookOver.flat()).toEqual([`[cairn] took over ${N} event(s) left by an earlier page`]);
      expect(sentBy.filter((count) => count > 0)).toEqual([N]);
      expect(duplicates).toBe(0);
      expect(server.duplicateDeliveries()).toBe(0);
      expect(closingWatch.errors).toEqual([]);
      expect(watched.errors).toEqual([]);
      expect(watched.warnings).toEqual([]);
      await context.close();
    }
    console.log(`[takeover race] tab 1 / tab 2: ${figures.join('; ')}`);
  });
});

/**
 * Init script: notes how each Web Lock request of the page was answered (`granted` or `busy`, the
 * `ifAvailable` answer while another tab holds it), passing every call through unchanged.
 */
function recordLockAnswers(): void {
  const answers: string[] = ((window as unknown as { lockAnswers: string[] }).lockAnswers = []);
  const locks = navigator.locks;
  const request = locks.request.bind(locks) as (name: string, options: LockOptions, callback: LockGrantedCallback<unknown>) => Promise<unknown>;
  (locks as { request: unknown }).request = (name: string, options: LockOptions, callback: LockGrantedCallback<unknown>) =>
    request(name, options, (lock) => {
      answers.push(lock ? 'granted' : 'busy');
      return callback(lock);
    });
}
