// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEARCH_PARAMS, searchTerm } from '../../src/triggers/search';
import { cleanup, setUrlQuietly, start, type GoalSpec } from './triggers-helpers';

beforeEach(() => setUrlQuietly('/'));
afterEach(cleanup);

/** Searches fire one task after the navigation, like page views. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const siteSearch: GoalSpec = { id: 'site_search', propNames: ['term'], triggers: [{ on: 'search' }] };

/** Starts the triggers and records the URL each fired event belongs to. */
function startSearch(goals: GoalSpec[]) {
  const host = start(goals);
  const hrefs: (string | undefined)[] = [];
  const fire = host.fire;
  host.fire = (goal, props, trigger, options) => {
    hrefs.push(options?.href);
    fire(goal, props, trigger, options);
  };
  return Object.assign(host, { hrefs });
}

describe('searchTerm', () => {
  it.each([
    ['?q=boots', '', 'boots'],
    ['?q=+trail+boots+', '', 'trail boots'],
    ['?s=tents&q=', '', 'tents'],
    ['?keyword=stove', '', 'stove'],
    ['?page=2', '', undefined],
    ['?q=%20%20', '', undefined],
    ['', '#/search?query=rope', 'rope'],
    ['', '#!/search?search=map&sort=asc', 'map'],
    ['', '#results?q=anchor', undefined],
    ['?q=boots', '#/search?q=tents', 'boots'],
  ])('reads the term of %j%j as %j', (search, hash, expected) => {
    expect(searchTerm({ search, hash }, SEARCH_PARAMS)).toBe(expected);
  });

  it('takes the first configured parameter present, in the order given', () => {
    expect(searchTerm({ search: '?q=boots&term=tents', hash: '' }, ['term', 'q'])).toBe('tents');
    expect(searchTerm({ search: '?q=boots', hash: '' }, ['term'])).toBeUndefined();
  });

  it('keeps at most 100 characters of a long term without cutting an emoji in half', () => {
    expect(searchTerm({ search: `?q=${'a'.repeat(300)}`, hash: '' }, SEARCH_PARAMS)).toHaveLength(100);
    const term = searchTerm({ search: `?q=${'a'.repeat(99)}${encodeURIComponent('🥾')}`, hash: '' }, SEARCH_PARAMS);
    expect(term).toBe('a'.repeat(99));
  });
});

describe('search trigger', () => {
  it('fires once on a page loaded with ?q=boots, with the term', async () => {
    setUrlQuietly('/search?q=boots');
    const host = startSearch([siteSearch]);
    expect(host.fired).toEqual([]);
    await tick();
    expect(host.fired).toEqual([{ goal: 'site_search', props: { term: 'boots' }, trigger: 'search', coerce: false }]);
    await tick();
    expect(host.fired).toHaveLength(1);
  });

  it('does not fire on a page without a search parameter', async () => {
    setUrlQuietly('/products?page=2');
    const host = startSearch([siteSearch]);
    await tick();
    expect(host.fired).toEqual([]);
  });

  it('fires on an SPA route change to /search?q=tents with that URL, and again for a new term', async () => {
    const host = startSearch([siteSearch]);
    await tick();
    history.pushState(null, '', '/search?q=tents');
    history.replaceState(null, '', '/search?q=tents&sort=price'); // the router tidies the query
    await tick();
    history.pushState(null, '', '/search?q=stoves');
    await tick();
    expect(host.fired.map((f) => f.props)).toEqual([{ term: 'tents' }, { term: 'stoves' }]);
    expect(host.hrefs).toEqual([`${location.origin}/search?q=tents`, `${location.origin}/search?q=stoves`]);
  });

  it('fires on a hash route that carries the term in its query', async () => {
    const host = startSearch([siteSearch]);
    await tick();
    location.hash = '#/search?q=rope';
    await tick();
    await tick();
    expect(host.fired.map((f) => f.props)).toEqual([{ term: 'rope' }]);
  });

  it('leaves the term out when the goal does not declare it, and reads the parameters a trigger names', async () => {
    setUrlQuietly('/find?term=maps&q=ignored');
    const host = startSearch([
      { id: 'bare_search', triggers: [{ on: 'search' }] },
      { id: 'custom_search', propNames: ['term'], triggers: [{ on: 'search', params: ['term'] }] },
    ]);
    await tick();
    expect(host.fired.map(({ goal, props }) => ({ goal, props }))).toEqual([
      { goal: 'bare_search', props: {} },
      { goal: 'custom_search', props: { term: 'maps' } },
    ]);
  });

  it('fires after the page view of the same page', async () => {
    setUrlQuietly('/search?q=boots');
    const host = startSearch([siteSearch, { id: 'search_page', triggers: [{ on: 'pageview', path: '/search' }] }]);
    await tick();
    expect(host.fired.map((f) => f.goal)).toEqual(['search_page', 'site_search']);
  });

  it('fires nothing once stopped, even for a search already scheduled', async () => {
    setUrlQuietly('/search?q=boots');
    const host = startSearch([siteSearch]);
    host.stop();
    await tick();
    history.pushState(null, '', '/search?q=tents');
    await tick();
    expect(host.fired).toEqual([]);
  });
});
