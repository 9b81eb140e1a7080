// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compilePathPattern } from '../../src/triggers/path-match';
import { cleanup, setUrlQuietly, start } from './triggers-helpers';

beforeEach(() => setUrlQuietly('/'));
afterEach(cleanup);

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
  ] as const)('matches %s (%s) against %s: %s', (pattern, match, path, expected) => {
    expect(compilePathPattern(pattern, match)(path)).toBe(expected);
  });

  it('throws a plain Error naming the pattern for a bad regular expression', () => {
    expect(() => compilePathPattern('/blog/(', 'regex')).toThrow(Error);
    expect(() => compilePathPattern('/blog/(', 'regex')).toThrow(/invalid regular expression \/\/blog\/\(\//);
  });
});

describe('pageview trigger', () => {
  it('fires on load when the path matches, with path only when the goal declares it', () => {
    setUrlQuietly('/product/shoe?colour=red');
    const host = start([
      { id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }], propNames: ['path'] },
      { id: 'any_product', triggers: [{ on: 'pageview', path: '^/product/', match: 'regex' }] },
      { id: 'thank_you', triggers: [{ on: 'pageview', path: '/thank-you' }] },
    ]);

    expect(host.fired).toEqual([
      { goal: 'view_product', props: { path: '/product/shoe' }, trigger: 'pageview', coerce: false },
      { goal: 'any_product', props: {}, trigger: 'pageview', coerce: false },
    ]);
  });

  it('fires on every pushState to a matching path', () => {
    const host = start([{ id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }] }]);

    history.pushState(null, '', '/product/shoe');
    history.pushState(null, '', '/cart');
    history.pushState(null, '', '/product/hat');

    expect(host.fired).toHaveLength(2);
  });

  it('treats a pushState that only changes the query as a new page, the same URL again or a fragment as none', () => {
    const host = start([{ id: 'search', triggers: [{ on: 'pageview', path: '/search' }] }]);
    history.pushState(null, '', '/search?q=a');
    history.pushState(null, '', '/search?q=b');
    history.pushState(null, '', '/search?q=b');
    history.pushState(null, '', '/search?q=b#results');

    expect(host.fired).toHaveLength(2);
  });

  it('does not fire again for a replaceState of the same path, even with a cleaned-up query', () => {
    setUrlQuietly('/thank-you?session_id=cs_123&utm_source=mail');
    const host = start([{ id: 'purchase_page', triggers: [{ on: 'pageview', path: '/thank-you' }] }]);

    history.replaceState({ scroll: 10 }, '');
    history.replaceState(null, '', '/thank-you');

    expect(host.fired).toHaveLength(1);
  });

  it('fires for a replaceState to another path', () => {
    const host = start([{ id: 'login_page', triggers: [{ on: 'pageview', path: '/login' }] }]);

    history.replaceState(null, '', '/login');

    expect(host.fired).toHaveLength(1);
  });

  it('fires on back and forward (popstate) to a matching page, not for a fragment change', () => {
    const host = start([{ id: 'home', triggers: [{ on: 'pageview', path: '/' }] }]);
    expect(host.fired).toHaveLength(1);

    history.pushState(null, '', '/about');
    popTo('/');
    expect(host.fired).toHaveLength(2);

    setUrlQuietly('/#team');
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(host.fired).toHaveLength(2);
  });

  it('wraps history once per window, so two trackers each fire once per navigation', () => {
    const first = start([{ id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }] }]);
    const wrapped = history.pushState;
    const second = start([{ id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }] }]);

    history.pushState(null, '', '/product/shoe');

    expect(history.pushState).toBe(wrapped);
    expect(first.fired).toHaveLength(1);
    expect(second.fired).toHaveLength(1);
  });

  it('stops firing after stop, while the page\'s pushState keeps working', () => {
    const host = start([{ id: 'view_product', triggers: [{ on: 'pageview', path: '/product/*' }] }]);

    host.stop();
    history.pushState({ id: 1 }, '', '/product/shoe');

    expect(host.fired).toEqual([]);
    expect(location.pathname).toBe('/product/shoe');
    expect(history.state).toEqual({ id: 1 });
  });

  it('skips a pageview trigger with a bad regular expression and keeps the others', () => {
    setUrlQuietly('/blog/1');
    const host = start([
      { id: 'broken', triggers: [{ on: 'pageview', path: '/blog/(', match: 'regex' }] },
      { id: 'blog', triggers: [{ on: 'pageview', path: '/blog/*' }] },
    ]);

    expect(host.fired.map((f) => f.goal)).toEqual(['blog']);
    expect(host.debug).toHaveBeenCalledWith(expect.stringMatching(/^trigger pageview of broken skipped: invalid regular expression/));
  });
});
