import type { SearchTrigger } from '../schema/trigger-types';
import type { GoalTrigger } from './dom';
import { autoProp, clip } from './read-props';
import type { PageTrigger } from './scroll';
import type { TriggerHost } from './trigger-host';

/** The query parameters GA4's enhanced measurement reads a site search from. */
export const SEARCH_PARAMS: readonly string[] = ['q', 's', 'search', 'query', 'keyword'];

/** Longest `term`, in characters (GA4 keeps 100 characters of a parameter value). */
const MAX_TERM = 100;

/**
 * The search term a location carries: the value of the first of `params` present and not blank, in
 * the query string, else in the query of a hash route (`#/search?q=tents`); trimmed, at most 100
 * characters. Undefined when there is none.
 *
 * @example
 * searchTerm({ search: '?q=+trail+boots', hash: '' }, SEARCH_PARAMS); // 'trail boots'
 */
export function searchTerm(location: Pick<Location, 'search' | 'hash'>, params: readonly string[]): string | undefined {
  const route = /^#!?\/[^?#]*\?([^#]*)/.exec(location.hash);
  for (const query of [location.search, route?.[1] ?? '']) {
    const values = new URLSearchParams(query);
    for (const name of params) {
      const term = clip(values.get(name) ?? '', MAX_TERM);
      if (term) return term;
    }
  }
  return undefined;
}

/**
 * Fires each search trigger whose parameter the page's URL carries, with `term` when the goal
 * declares it: on load and after each SPA navigation to a new page (`reset`), once per page. Like
 * page views it fires one task later, with the URL navigated to, so the event carries the new
 * page's title.
 *
 * @example
 * const { stop, reset } = startSearch(host, [{ goal, trigger: { on: 'search' } }]);
 */
export function startSearch(host: TriggerHost, entries: readonly GoalTrigger<SearchTrigger>[]): PageTrigger {
  const win = host.window;
  const timers = new Set<number>();
  const later = (): void => {
    const { href } = win.location;
    const terms = entries.map(({ trigger }) => searchTerm(win.location, trigger.params ?? SEARCH_PARAMS));
    if (terms.every((term) => term === undefined)) return;
    const id = win.setTimeout(() => {
      timers.delete(id);
      entries.forEach(({ goal }, i) => {
        const term = terms[i];
        if (term !== undefined) host.fire(goal.id, autoProp(goal, 'term', term), 'search', { href });
      });
    }, 0);
    timers.add(id);
  };
  later();
  return { reset: later, stop: () => timers.forEach((id) => win.clearTimeout(id)) };
}
