import { describe, expect, test } from 'vitest';
import {
  expectStoredOnce,
  ready,
  sleep,
  storedSteps,
  track,
  useChromium,
  useTestServers,
  waitFor,
  watch,
  wireSends,
  type CairnWindow,
} from './harness';

/**
 * Who owns the stored queue when pages come and go, in a real Chromium (DESIGN §5): a page that
 * comes back from the back/forward cache. Each test prints its figures.
 */

const ROOT = 'test/browser/pages/ownership';

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
