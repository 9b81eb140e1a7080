import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inOrder, sleep, useSite, waitFor } from './harness';
import { toneWav } from './tone';

const PAGES = 'test/browser/pages/triggers';
const MEDIA_DIR = resolve(import.meta.dirname, '../..', PAGES, 'media');

/** Batches leave every 200 ms (the pages' `batch.intervalMs`); this is long enough for a late one. */
const SETTLE_MS = 600;


interface PageEvent {
  seq: number;
  ts: number;
  props?: Record<string, unknown>;
  trigger?: string;
  context: { page: { path: string; url: string } };
}

describe('declarative triggers in Chromium', () => {
  beforeAll(() => {
    mkdirSync(MEDIA_DIR, { recursive: true });
    writeFileSync(resolve(MEDIA_DIR, 'tone.wav'), toneWav());
  });
  afterAll(() => {
    rmSync(MEDIA_DIR, { recursive: true, force: true });
  });
  const site = useSite({ root: PAGES });

  /** The stored events of one goal, in the order they were tracked. */
  const eventsOf = (goal: string): PageEvent[] => inOrder(site.server.eventsOf(goal) as unknown as PageEvent[]);
  /** The same, of the events tracked on one page (pages share goal names, and the tests one collector). */
  const eventsOn = (path: string, goal: string): PageEvent[] => eventsOf(goal).filter((event) => event.context.page.path === path);

  // Each test opens its page in a fresh context (its own storage) and expects `errors` (uncaught and
  // console errors) empty, and `warnings` (every console warning) empty unless it expects one.
  const open = site.open;

  test('a real media file played to 75% fires 25, 50 and 75 once each, and a seek forward crosses no milestone', async () => {
    const { context, page, errors, warnings } = await open('/media.html');

    /** Plays from where the element is until `currentTime` reaches `at` seconds, then pauses there. */
    const playUntil = (selector: string, at: number, rate: number) =>
      page.evaluate(
        async ([selector, at, rate]) => {
          const media = document.querySelector<HTMLMediaElement>(selector)!;
          media.playbackRate = rate;
          await new Promise<void>((done, fail) => {
            const onTime = () => {
              if (media.currentTime < at) return;
              media.removeEventListener('timeupdate', onTime);
              media.pause();
              done();
            };
            media.addEventListener('timeupdate', onTime);
            media.play().catch(fail);
          });
          return { at: media.currentTime, duration: media.duration, ended: media.ended };
        },
        [selector, at, rate] as const,
      );
    const seek = (selector: string, to: number) =>
      page.evaluate(
        async ([selector, to]) => {
          const media = document.querySelector<HTMLMediaElement>(selector)!;
          const seeked = new Promise((done) => media.addEventListener('seeked', done, { once: true }));
          media.currentTime = to;
          await seeked;
          return media.currentTime;
        },
        [selector, to] as const,
      );

    // Element #a: play to 75% (6 s of 8), pause before the end.
    const first = await playUntil('#a', 6, 4);
    expect(first.duration).toBeCloseTo(8, 1);
    expect(first.at).toBeGreaterThanOrEqual(6);
    expect(first.at).toBeLessThan(8);
    expect(first.ended).toBe(false);
    await waitFor(() => eventsOf('media_a').length >= 3);

    // Seek back to 12.5% and play past 50% again: 25 and 50 are crossed a second time, and not sent.
    expect(await seek('#a', 1)).toBeCloseTo(1, 1);
    const second = await playUntil('#a', 5, 2);
    expect(second.at).toBeGreaterThanOrEqual(5);
    expect(second.ended).toBe(false);

    // Element #b (fresh): play to about 10%, seek to 80% while playing, and play on to the end.
    const jump = await page.evaluate(async () => {
      const media = document.querySelector<HTMLMediaElement>('#b')!;
      media.playbackRate = 2;
      let from = NaN;
      const ended = new Promise((done) => media.addEventListener('ended', done, { once: true }));
      const onTime = () => {
        if (media.currentTime < 0.8) return;
        media.removeEventListener('timeupdate', onTime);
        from = media.currentTime;
        media.currentTime = 6.4;
      };
      media.addEventListener('timeupdate', onTime);
      await media.play();
      await ended;
      return { from, duration: media.duration };
    });
    expect(jump.from).toBeGreaterThanOrEqual(0.8);
    expect(jump.from).toBeLessThan(2); // before the 25% milestone
    await waitFor(() => eventsOf('media_b').length >= 1);
    await sleep(SETTLE_MS);

    const a = eventsOf('media_a');
    expect(a.map((event) => event.props?.percent)).toEqual([25, 50, 75]);
    expect(a.every((event) => event.trigger === 'media')).toBe(true);
    // Only the end was played through on #b: 25, 50 and 75 were jumped over.
    const b = eventsOf('media_b');
    expect(b.map((event) => event.props?.percent)).toEqual([100]);
    expect(b[0]!.trigger).toBe('media');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });

  test('an element fires its visible goal only after staying in view for durationMs, once, and not when scrolled past quickly', async () => {
    const { context, page, errors, warnings } = await open('/visible.html');
    /** Scrolls an element to the middle of the viewport and returns the page's clock right after. */
    const show = (selector: string) =>
      page.evaluate((selector) => {
        document.querySelector(selector)!.scrollIntoView({ block: 'center', behavior: 'instant' });
        return Date.now();
      }, selector);
    const goals = ['flyby_seen', 'pricing_seen', 'card_seen'];

    // Everything watched is below the fold: nothing fires on load.
    await sleep(800);
    expect(goals.map((goal) => eventsOf(goal).length)).toEqual([0, 0, 0]);

    // The banner is in view for about 200 ms of its 1000, then the reader moves on to the pricing.
    const flybyAt = await show('#flyby');
    await sleep(200);
    const pricingAt = await show('#pricing');
    await waitFor(() => eventsOf('pricing_seen').length === 1);
    const [pricing] = eventsOf('pricing_seen');
    expect(pricing!.ts - pricingAt).toBeGreaterThanOrEqual(600);
    expect(pricing!.trigger).toBe('visible');

    // Away and back again: the pricing counts once.
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await sleep(200);
    await show('#pricing');
    await sleep(900);

    // Each of the two cards counts once, even when the first is seen again.
    await show('#card-1');
    await sleep(500);
    await show('#card-2');
    await sleep(500);
    await show('#card-1');
    await sleep(500);
    await waitFor(() => eventsOf('card_seen').length === 2);

    expect(Date.now() - flybyAt).toBeGreaterThan(1000 + SETTLE_MS);
    await sleep(SETTLE_MS);
    expect(goals.map((goal) => eventsOf(goal).length)).toEqual([0, 1, 2]);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });

  test('scrolling to 50% fires the 50% depth but not the 90% one, and the bottom then fires 90 once', async () => {
    const { context, page, errors, warnings } = await open('/scroll.html');
    const depth = () => page.evaluate(() => ((window.scrollY + window.innerHeight) / document.documentElement.scrollHeight) * 100);

    await page.mouse.move(640, 360);
    await page.mouse.wheel(0, 1500);
    await page.waitForFunction(() => window.scrollY >= 1500);
    const middle = await depth();
    expect(middle).toBeGreaterThanOrEqual(50);
    expect(middle).toBeLessThan(90);
    await waitFor(() => eventsOf('scroll_depth').length === 1);
    await sleep(SETTLE_MS);
    expect(eventsOf('scroll_depth').map((event) => event.props?.percent)).toEqual([50]);

    // To the bottom with the End key: 90 fires. Back to the top and down again: it does not fire again.
    await page.keyboard.press('End');
    await page.waitForFunction(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1);
    await waitFor(() => eventsOf('scroll_depth').length === 2);
    for (const top of [0, 1500, 100_000]) {
      await page.evaluate((top) => window.scrollTo({ top, behavior: 'instant' }), top);
      await sleep(100);
    }
    expect(await depth()).toBeCloseTo(100, 0);
    await sleep(SETTLE_MS);

    const events = eventsOf('scroll_depth');
    expect(events.map((event) => event.props?.percent)).toEqual([50, 90]);
    expect(events.every((event) => event.trigger === 'scroll')).toBe(true);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });

  test('pageview triggers fire on load, on pushState and on back/forward, once per navigation, with the new path', async () => {
    const { context, page, errors, warnings } = await open('/spa.html');
    await waitFor(() => eventsOf('page_view').length === 1);

    await page.evaluate(() => history.pushState({}, '', '/pricing'));
    await page.evaluate(() => history.pushState({}, '', '/product/boots'));
    // The router cleans the query and rewrites the same URL: the same page, not a new one.
    await page.evaluate(() => history.replaceState({}, '', '/product/boots?utm_source=news'));
    await page.evaluate(() => history.replaceState({ tab: 'reviews' }, '', '/product/boots?utm_source=news'));
    // A fragment is not a new page either, nor is going back from it.
    await page.evaluate(() => (location.hash = '#reviews'));
    await page.waitForURL('**/product/boots?utm_source=news#reviews');
    await page.goBack();
    await page.waitForURL('**/product/boots?utm_source=news');
    await sleep(SETTLE_MS);
    expect(eventsOf('page_view')).toHaveLength(3);

    await page.goBack();
    await page.waitForURL('**/pricing');
    await waitFor(() => eventsOf('page_view').length === 4);
    await page.goForward();
    await page.waitForURL('**/product/boots?utm_source=news');
    await waitFor(() => eventsOf('page_view').length === 5);
    await sleep(SETTLE_MS);

    const views = eventsOf('page_view');
    const paths = ['/spa.html', '/pricing', '/product/boots', '/pricing', '/product/boots'];
    expect(views.map((event) => event.props?.path)).toEqual(paths);
    expect(views.map((event) => event.context.page.path)).toEqual(paths);
    expect(views.every((event) => event.trigger === 'pageview')).toBe(true);

    const pricing = eventsOf('pricing_view');
    expect(pricing.map((event) => event.context.page.path)).toEqual(['/pricing', '/pricing']);
    expect(pricing.map((event) => event.props)).toEqual([{}, {}]);
    const product = eventsOf('product_view');
    expect(product.map((event) => event.props?.path)).toEqual(['/product/boots', '/product/boots']);
    expect(product.map((event) => event.context.page.path)).toEqual(['/product/boots', '/product/boots']);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });

  test('a site search fires with the term on ?q=boots and on an SPA route change to /search?q=tents, and an address typed as a term is redacted', async () => {
    const { context, page, errors, warnings } = await open('/search.html?q=boots');
    await waitFor(() => eventsOn('/search.html', 'site_search').length === 1);

    await page.evaluate(() => history.pushState({}, '', '/search?q=tents'));
    await waitFor(() => eventsOn('/search', 'site_search').length === 1);
    // The router tidies the query of the same results page: no second search; a page without a
    // term is no search.
    await page.evaluate(() => history.replaceState({}, '', '/search?q=tents&sort=price'));
    await page.evaluate(() => history.pushState({}, '', '/search?page=2'));
    await page.evaluate(() => history.pushState({}, '', '/search?q=ada%40acme.example'));
    await waitFor(() => eventsOn('/search', 'site_search').length === 2);
    await sleep(SETTLE_MS);

    const searches = [...eventsOn('/search.html', 'site_search'), ...eventsOn('/search', 'site_search')];
    expect(searches.map((event) => [event.context.page.path, event.props, event.trigger])).toEqual([
      ['/search.html', { term: 'boots' }, 'search'],
      ['/search', { term: 'tents' }, 'search'],
      ['/search', { term: '[email]' }, 'search'],
    ]);
    // Search parameters stay in page URLs, as in GA4 (privacy.md), redacted like the term.
    expect(searches.map((event) => new URL(event.context.page.url).search)).toEqual(['?q=boots', '?q=tents', '?q=%5Bemail%5D']);
    expect(JSON.stringify(site.server.events())).not.toContain('acme.example');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });

  test('a click on a data-cairn button sends its coerced props with trigger html, and a value failing the schema sends nothing but a warning', async () => {
    const { context, page, errors, warnings } = await open('/tagged.html');

    await page.click('#book-bad');
    await waitFor(() => warnings.length === 1);
    expect(warnings[0]).toContain('demo_booked');
    expect(warnings[0]).toContain('seats');

    await page.click('#book span');
    await waitFor(() => eventsOf('demo_booked').length === 1);
    await sleep(SETTLE_MS);

    const events = eventsOf('demo_booked');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'macro', props: { plan: 'team', seats: 5 }, trigger: 'html' });
    expect(warnings).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('click and submit triggers send only the mapped attributes and named fields, and leave the page its handlers and navigation', async () => {
    const { context, page, errors, warnings } = await open('/forms.html');

    // A click on the inner <b> of a button whose own handler stops propagation.
    await page.click('#choose-team b');
    expect(await page.evaluate(() => (window as unknown as { hostLog: string[] }).hostLog)).toEqual(['click']);
    expect(await page.textContent('#chosen')).toBe('team chosen');

    await page.fill('#signup [name=company]', 'Acme');
    await page.fill('#signup [name=email]', 'ada@acme.example');
    await page.fill('#signup [name=password]', 'hunter2-secret');
    await page.fill('#signup .unnamed', 'unnamed-value');
    await page.click('#signup button');
    await page.waitForSelector('#thanks', { state: 'visible' });
    expect(await page.evaluate(() => (window as unknown as { hostLog: string[] }).hostLog)).toEqual(['click', 'submit']);
    await waitFor(() => eventsOf('signed_up').length === 1 && eventsOf('plan_chosen').length === 1);

    // A form without a handler of its own still navigates to its action.
    await page.fill('#search [name=q]', 'boots');
    await page.press('#search [name=q]', 'Enter');
    await page.waitForURL('**/next.html?q=boots');
    expect(await page.evaluate(() => sessionStorage.getItem('submit.defaultPrevented'))).toBe('false');
    await waitFor(() => eventsOf('searched').length === 1);

    // A tracked link still navigates, without waiting for the event to be sent.
    await page.goto(`${site.server.origin}/forms.html`);
    const clickedAt = Date.now();
    await page.click('#choose-solo');
    await page.waitForURL('**/next.html');
    expect(Date.now() - clickedAt).toBeLessThan(1000);
    expect(await page.evaluate(() => sessionStorage.getItem('click.defaultPrevented'))).toBe('false');
    await waitFor(() => eventsOf('plan_chosen').length === 2);
    await sleep(SETTLE_MS);

    expect(eventsOf('plan_chosen').map(({ props, trigger }) => ({ props, trigger }))).toEqual([
      { props: { plan: 'team', label: 'Team plan' }, trigger: 'click' },
      { props: { plan: 'solo', label: 'Solo plan' }, trigger: 'click' },
    ]);
    const signups = eventsOf('signed_up');
    expect(signups).toHaveLength(1);
    // `secret` is mapped to the password field, which is never read.
    expect(signups[0]).toMatchObject({ props: { company: 'Acme' }, trigger: 'submit' });
    expect(Object.keys(signups[0]!.props ?? {})).toEqual(['company']);
    expect(eventsOf('searched').map(({ props, trigger }) => ({ props, trigger }))).toEqual([{ props: { q: 'boots' }, trigger: 'submit' }]);
    const everything = JSON.stringify(site.server.events());
    for (const secret of ['hunter2-secret', 'ada@acme.example', 'unnamed-value']) expect(everything).not.toContain(secret);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });

  test('the time trigger counts engaged seconds only while the page is visible', async () => {
    // Headless Chromium reports every page visible (a page behind another tab or a minimised window
    // is not hidden there), so visibility is emulated: `document.visibilityState` answers what the
    // test sets, and each change dispatches `visibilitychange` as the browser would.
    const { context, page, errors, warnings } = await open('/time.html', {
      init: () => {
        let state: DocumentVisibilityState = 'hidden';
        Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => state });
        Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => state === 'hidden' });
        (window as unknown as { setVisibility: (next: DocumentVisibilityState) => number }).setVisibility = (next) => {
          state = next;
          document.dispatchEvent(new Event('visibilitychange'));
          return Date.now();
        };
      },
    });
    const setVisibility = (state: DocumentVisibilityState) =>
      page.evaluate((state) => (window as unknown as { setVisibility: (next: DocumentVisibilityState) => number }).setVisibility(state), state);
    const seconds = () => eventsOf('engaged').map((event) => event.props?.seconds);

    // Loaded in a background tab: 1.5 s of hidden time count for nothing.
    await sleep(1500);
    expect(seconds()).toEqual([]);

    // Visible for about 1.3 s: the 1-second trigger fires, not the 2-second one.
    const visibleAt = await setVisibility('visible');
    await sleep(1300);
    const hiddenAt = await setVisibility('hidden');
    await waitFor(() => seconds().length === 1);
    const [one] = eventsOf('engaged');
    expect(one!.props).toEqual({ seconds: 1 });
    expect(one!.ts - visibleAt).toBeGreaterThanOrEqual(1000);

    // Hidden for 1.5 s, then visible again: the rest of the 2 seconds is counted from there.
    await sleep(1500);
    expect(seconds()).toEqual([1]);
    const backAt = await setVisibility('visible');
    await waitFor(() => seconds().length === 2);
    await sleep(SETTLE_MS);

    const [, two] = eventsOf('engaged');
    expect(seconds()).toEqual([1, 2]);
    expect(two!.trigger).toBe('time');
    // Visible time before the event: (hiddenAt - visibleAt) + (two.ts - backAt) >= 2000. The test's
    // clock reads sit beside, not at, the tracker's own (whole milliseconds, taken around the
    // dispatch): allow 2 ms for that, far below the 1.5 s of hidden time that must not count.
    const CLOCK_MS = 2;
    expect(hiddenAt - visibleAt + (two!.ts - backAt)).toBeGreaterThanOrEqual(2000 - CLOCK_MS);
    expect(two!.ts - visibleAt).toBeGreaterThanOrEqual(2000 + (backAt - hiddenAt) - CLOCK_MS);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });

  test('download and outbound link clicks send the url (origin and path only) and the browser still follows the link', async () => {
    const { context, page, errors, warnings } = await open('/links.html', {
      // The partner site is answered by the test: this machine has no network beyond localhost.
      before: async (page) => {
        await page.context().route('https://partner.example/**', (route) =>
          route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Partner</title><h1>Partner</h1>' }),
        );
      },
    });

    // A same-page link is neither a download nor outbound.
    await page.click('#details');
    await page.waitForURL('**/links.html#details-section');

    // Headless Chromium opens the PDF in its viewer: the link navigates as it would without cairn.
    await page.click('#guide');
    await page.waitForURL('**/files/guide.pdf?token=s3cret');
    await waitFor(() => eventsOf('file_download').length === 1);

    await page.goBack();
    await page.waitForURL('**/links.html#details-section');
    await page.click('#partner');
    await page.waitForURL('https://partner.example/welcome?ref=abc');
    expect(await page.title()).toBe('Partner');
    await waitFor(() => eventsOf('outbound_click').length === 1);
    await sleep(SETTLE_MS);

    expect(eventsOf('file_download').map(({ props, trigger }) => ({ props, trigger }))).toEqual([
      { props: { url: `${site.server.origin}/files/guide.pdf` }, trigger: 'download' },
    ]);
    expect(eventsOf('outbound_click').map(({ props, trigger }) => ({ props, trigger }))).toEqual([
      { props: { url: 'https://partner.example/welcome' }, trigger: 'outbound' },
    ]);
    const everything = JSON.stringify(site.server.events());
    expect(everything).not.toContain('s3cret');
    expect(everything).not.toContain('ref=abc');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });
  test('links inside an <svg> fire the download, outbound, click and data-cairn goals with string URLs, and the browser still follows them', async () => {
    const external: string[] = [];
    const onSvg = (goal: string) => eventsOn('/svg-links.html', goal);
    const { context, page, errors, warnings } = await open('/svg-links.html', {
      // The other site is answered here: nothing leaves localhost.
      before: async (page) => {
        await page.context().route('https://other.example/**', (route) => {
          external.push(route.request().url());
          return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Other</title><h1>Other</h1>' });
        });
      },
    });

    // SVG anchors: `href` is an SVGAnimatedString, which reads "[object SVGAnimatedString]" as a string.
    const hrefs = await page.evaluate(() =>
      Array.from(document.querySelectorAll('svg a'), (link) => Object.prototype.toString.call((link as unknown as { href: unknown }).href)),
    );
    expect(hrefs).toEqual(Array(4).fill('[object SVGAnimatedString]'));

    // A same-page link: the click and data-cairn goals fire, neither a download nor an outbound one.
    await page.click('#svg-region circle');
    await page.waitForURL('**/svg-links.html#north');
    await waitFor(() => onSvg('region_opened').length === 1 && onSvg('map_link').length === 1);

    // href, then xlink:href: each opens the PDF as it would without cairn.
    for (const [link, token] of [['#svg-guide', 's3cret'], ['#svg-legacy', 'legacy']] as const) {
      await page.click(`${link} rect`);
      await page.waitForURL(`**/files/guide.pdf?token=${token}`);
      await page.goBack();
      await page.waitForURL('**/svg-links.html#north');
    }
    await waitFor(() => onSvg('svg_download').length === 2);

    await page.click('#svg-partner rect');
    await page.waitForURL('https://other.example/welcome?ref=svg');
    expect(await page.title()).toBe('Other');
    await waitFor(() => onSvg('svg_outbound').length === 1);
    await sleep(SETTLE_MS);

    const sent = (goal: string) => onSvg(goal).map(({ props, trigger }) => ({ props, trigger }));
    expect(sent('svg_download')).toEqual([
      { props: { url: `${site.server.origin}/files/guide.pdf` }, trigger: 'download' },
      { props: { url: `${site.server.origin}/files/guide.pdf` }, trigger: 'download' },
    ]);
    expect(sent('svg_outbound')).toEqual([{ props: { url: 'https://other.example/welcome' }, trigger: 'outbound' }]);
    expect(sent('map_link')).toEqual([{ props: { href: '#north', label: 'North region' }, trigger: 'click' }]);
    expect(sent('region_opened')).toEqual([{ props: { region: 'north' }, trigger: 'html' }]);
    expect(site.server.events().filter((event) => event.context.page?.path === '/svg-links.html')).toHaveLength(5);
    const everything = JSON.stringify(site.server.events());
    for (const leak of ['SVGAnimatedString', '[object ', 's3cret', 'token=legacy', 'ref=svg']) expect(everything).not.toContain(leak);
    expect(external).toEqual(['https://other.example/welcome?ref=svg']);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });

  test('clicks inside an open shadow root fire click triggers and data-cairn goals; inside a closed one only its host is seen', async () => {
    const onShadow = (goal: string) => eventsOn('/shadow.html', goal);
    const { context, page, errors, warnings } = await open('/shadow.html');

    // playwright's CSS selectors reach into open shadow roots.
    await page.click('#open-widget [data-plan] b');
    await page.click('#open-widget .book span');
    // A closed root is out of reach of every selector: its buttons are clicked where they are drawn.
    for (const selector of ['[data-plan] b', '.book span']) {
      const box = await page.evaluate((selector) => {
        const rect = (window as unknown as { closedRoot: ShadowRoot }).closedRoot.querySelector(selector)!.getBoundingClientRect();
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }, selector);
      await page.mouse.click(box.x, box.y);
    }
    await waitFor(() => onShadow('widget_plan_chosen').length === 1 && onShadow('widget_demo_booked').length === 1 && onShadow('widget_used').length === 2);
    await sleep(SETTLE_MS);

    // The widgets' own handlers ran for every click.
    expect(await page.textContent('#status')).toBe('open:Team plan;open:Book a demo;closed:Team plan;closed:Book a demo;');
    expect(onShadow('widget_plan_chosen').map(({ props, trigger }) => ({ props, trigger }))).toEqual([{ props: { plan: 'team', label: 'Team plan' }, trigger: 'click' }]);
    expect(onShadow('widget_demo_booked')).toHaveLength(1);
    expect(onShadow('widget_demo_booked')[0]).toMatchObject({ kind: 'macro', props: { plan: 'team', seats: 3 }, trigger: 'html' });
    // A closed shadow root cannot be seen: at the document a click inside it is a click on its host,
    // with no path into it. Its button's selector and data-cairn tag do not fire; a tag on the host does.
    expect(onShadow('widget_used').map(({ props, trigger }) => ({ props, trigger }))).toEqual([
      { props: { widget: 'closed' }, trigger: 'html' },
      { props: { widget: 'closed' }, trigger: 'html' },
    ]);
    expect(site.server.events().filter((event) => event.context.page?.path === '/shadow.html')).toHaveLength(4);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    await context.close();
  });
});
