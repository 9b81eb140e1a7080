// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pagePath } from '../../src/triggers/navigation';
import { compilePathPattern } from '../../src/triggers/path-match';
import { cleanup, setUrlQuietly, start } from './triggers-helpers';

beforeEach(() => setUrlQuietly('/'));
afterEach(cleanup);

/** Pageviews fire one task after the navigation (see start-triggers.ts). */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** happy-dom fires hashchange one task after `location.hash` is set; the pageview follows a task later. */
const hashTo = async (hash: string) => {
  location.hash = hash;
  await tick();
  await tick();
};

const popTo = (url: string) => {
  setUrlQuietly(url);
  window.dispatchEvent(new PopStateEvent('popstate'));
};

describe('compilePathPattern', () => {
  it.each([
    ['/checkout/thank-you', undefined, '/checkout/thank-you', true],
    ['/checkout/thank-you', undefined, '/checkout/thank-you/', true],
    ['/checkout/thank-you', undefined, '/checkout', false],
    ['/product/*', undefined, '/product/shoe', true],
    ['/product/*', undefined, '/product/shoe/red', false],
    ['/product/*', undefined, '/products/shoe', false],
    ['/docs/**', undefined, '/docs/a/b/c', true],
    ['/a.b', 'exact', '/aXb', false],
    ['/a*', 'exact', '/a*', true],
    ['^/blog/\\d+$', 'regex', '/blog/42', true],
    ['^/blog/\\d+$', 'regex', '/blog/new', false],
    ['/checkout/done', undefined, '/#/checkout/done', true],
    ['/#/checkout/done', undefined, '/#/checkout/done', true],
    ['/cart', undefined, '/#!/cart', true],
    ['/#!/cart', undefined, '/#!/cart', true],
    ['/', undefined, '/#/cart', false],
    ['/#/', undefined, '/', true],
    ['/app/**', undefined, '/app/#/cart', true],
    ['/cart', undefined, '/app/#/cart', true],
    ['^/cart$', 'regex', '/#!/cart', true],
  ] as const)('matches %s (%s) against %s: %s', (pattern, match, path, expected) => {
    expect(compilePathPattern(pattern, match)(path)).toBe(expected);
  });

  it('throws a plain Error naming the pattern for a bad regular expression', () => {
    expect(() => compilePathPattern('/blog/(', 'regex')).toThrow(Error);
    expect(() => compilePathPattern('/blog/(', 'regex')).toThrow(/invalid regular expression \/\/blog\/\(\//);
  });
});

describe('pagePath', () => {
  it.each([
    ['/docs', '', '/docs'],
    ['/', '#/checkout/done', '/#/checkout/done'],
    ['/app/', '#!/cart', '/app/#!/cart'],
    ['/', '#/search?q=tent', '/#/search'],
    ['/', '#/docs/intro#install', '/#/docs/intro'],
    ['/', '#/', '/'],
    ['/app/', '#!/', '/app/'],
    ['/docs', '#install', '/docs'],
  ])('reads %s with hash "%s" as %s', (pathname, hash, expected) => {
    expect(pagePath({ pathname, hash })).toBe(expected);
  });

  it('keeps the page an in-page anchor is on, hash route included, but not across paths', () => {
    expect(pagePath({ pathname: '/', hash: '#faq' }, '/#/checkout/done')).toBe('/#/checkout/done');
    expect(pagePath({ pathname: '/about', hash: '#faq' }, '/#/checkout/done')).toBe('/about');
  });
});

describe('pageview trigger', () => {
  it('fires on load when the path matches, with path only when the goal declares it', async () => {
    setUrlQuietly('/product/shoe?colour=red');
    const host = start([
      { id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }], propNames: ['path'] },
      { id: 'any_product', triggers: [{ on: 'pageview', path: '^/product/', match: 'regex' }] },
      { id: 'thank_you', triggers: [{ on: 'pageview', path: '/thank-you' }] },
    ]);

    await tick();
    expect(host.fired).toEqual([
      { goal: 'view_product', props: { path: '/product/shoe' }, trigger: 'pageview', coerce: false },
      { goal: 'any_product', props: {}, trigger: 'pageview', coerce: false },
    ]);
  });

  it('fires on every pushState to a matching path, with the path navigated to even when the next push follows at once', async () => {
    const host = start([{ id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }] }]);

    history.pushState(null, '', '/product/shoe');
    history.pushState(null, '', '/cart');
    history.pushState(null, '', '/product/hat');

    await tick();
    expect(host.fired.map((call) => call.goal)).toEqual(['view_product', 'view_product']);
  });

  it('labels a pageview with the title the router sets after pushState returns', async () => {
    const host = start([{ id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }] }]);
    const titles: string[] = [];
    const fire = host.fire;
    host.fire = (...args) => (titles.push(document.title), fire(...args));

    history.pushState(null, '', '/product/shoe');
    document.title = 'Shoe';

    await tick();
    expect(titles).toEqual(['Shoe']);
  });

  it('treats a pushState that only changes the query as a new page, the same URL again or a fragment as none', async () => {
    const host = start([{ id: 'search', triggers: [{ on: 'pageview', path: '/search' }] }]);
    history.pushState(null, '', '/search?q=a');
    history.pushState(null, '', '/search?q=b');
    history.pushState(null, '', '/search?q=b');
    history.pushState(null, '', '/search?q=b#results');

    await tick();
    expect(host.fired).toHaveLength(2);
  });

  it('does not fire again for a replaceState of the same path, even with a cleaned-up query', async () => {
    setUrlQuietly('/thank-you?session_id=cs_123&utm_source=mail');
    const host = start([{ id: 'purchase_page', triggers: [{ on: 'pageview', path: '/thank-you' }] }]);

    history.replaceState({ scroll: 10 }, '');
    history.replaceState(null, '', '/thank-you');

    await tick();
    expect(host.fired).toHaveLength(1);
  });

  it('fires for a replaceState to another path', async () => {
    const host = start([{ id: 'login_page', triggers: [{ on: 'pageview', path: '/login' }] }]);

    history.replaceState(null, '', '/login');

    await tick();
    expect(host.fired).toHaveLength(1);
  });

  it('fires on back and forward (popstate) to a matching page, not for a fragment change', async () => {
    const host = start([{ id: 'home', triggers: [{ on: 'pageview', path: '/' }] }]);
    await tick();
    expect(host.fired).toHaveLength(1);

    history.pushState(null, '', '/about');
    popTo('/');
    await tick();
    expect(host.fired).toHaveLength(2);

    setUrlQuietly('/#team');
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await tick();
    expect(host.fired).toHaveLength(2);
  });

  it('wraps history once per window, so two trackers each fire once per navigation', async () => {
    const first = start([{ id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }] }]);
    const wrapped = history.pushState;
    const second = start([{ id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }] }]);

    history.pushState(null, '', '/product/shoe');

    await tick();
    expect(history.pushState).toBe(wrapped);
    expect(first.fired).toHaveLength(1);
    expect(second.fired).toHaveLength(1);
  });

  it('stops firing after stop, while the page\'s pushState keeps working', async () => {
    const host = start([{ id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }] }]);

    host.stop();
    history.pushState({ id: 1 }, '', '/product/shoe');

    await tick();
    expect(host.fired).toEqual([]);
    expect(location.pathname).toBe('/product/shoe');
    expect(history.state).toEqual({ id: 1 });
  });

  it('skips a pageview trigger with a bad regular expression and keeps the others', async () => {
    setUrlQuietly('/blog/1');
    const host = start([
      { id: 'broken', triggers: [{ on: 'pageview', path: '/blog/(', match: 'regex' }] },
      { id: 'blog', triggers: [{ on: 'pageview', path: '/blog/*' }] },
    ]);

    await tick();
    expect(host.fired.map((f) => f.goal)).toEqual(['blog']);
    expect(host.debug).toHaveBeenCalledWith(expect.stringMatching(/^trigger pageview of broken skipped: invalid regular expression/));
  });

  it('fires for a hash route on load and after each hash change, with the route in path', async () => {
    setUrlQuietly('/#/product/shoe');
    const host = start([
      { id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }], propNames: ['path'] },
      { id: 'view_cart', triggers: [{ on: 'pageview', path: '/#/cart' }] },
      { id: 'checkout_done', triggers: [{ on: 'pageview', path: '^/checkout/done$', match: 'regex' }], propNames: ['path'] },
    ]);
    await tick();
    await hashTo('#/cart');
    await hashTo('#/checkout/done');

    expect(host.fired).toEqual([
      { goal: 'view_product', props: { path: '/#/product/shoe' }, trigger: 'pageview', coerce: false },
      { goal: 'view_cart', props: {}, trigger: 'pageview', coerce: false },
      { goal: 'checkout_done', props: { path: '/#/checkout/done' }, trigger: 'pageview', coerce: false },
    ]);
  });

  it('fires for a hashbang route and for a pushState or replaceState to another hash route', async () => {
    setUrlQuietly('/app/#!/cart');
    const host = start([
      { id: 'view_cart', triggers: [{ on: 'pageview', path: '/cart' }] },
      { id: 'login_page', triggers: [{ on: 'pageview', path: '/login' }] },
      { id: 'view_product', triggers: [{ on: 'pageview', path: '/app/#!/product/*' }] },
    ]);
    history.replaceState(null, '', '#!/login');
    history.pushState(null, '', '#!/product/tent');

    await tick();
    expect(host.fired.map((call) => call.goal)).toEqual(['view_cart', 'login_page', 'view_product']);
  });

  it('does not fire for an in-page anchor on a hash-routed page, nor on the way back from it', async () => {
    setUrlQuietly('/#/docs/intro');
    const host = start([{ id: 'any_page', triggers: [{ on: 'pageview', path: '/**' }] }]);
    await tick();

    await hashTo('#install');
    popTo('/#/docs/intro');
    await tick();
    await hashTo('#/docs/intro#install');

    expect(host.fired).toHaveLength(1);
  });

  it('does not count a landing page twice when the router adds the root route #/', async () => {
    const host = start([
      { id: 'home', triggers: [{ on: 'pageview', path: '/' }] },
      { id: 'home_route', triggers: [{ on: 'pageview', path: '/#/' }] },
    ]);
    history.replaceState(null, '', '/#/');

    await tick();
    expect(host.fired.map((call) => call.goal)).toEqual(['home', 'home_route']);
  });

  it("treats a change of the hash route's own query as the same page", async () => {
    setUrlQuietly('/#/search?q=tent');
    const host = start([{ id: 'search', triggers: [{ on: 'pageview', path: '/search' }] }]);
    await tick();

    await hashTo('#/search?q=stove');

    expect(host.fired).toHaveLength(1);
  });
});
