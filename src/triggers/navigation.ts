import { listen } from './dom';
import type { StopTrigger, TriggerHost } from './trigger-host';

/** Event dispatched on `window` after `history.pushState`/`replaceState`; `detail` is `'push'` or `'replace'`. */
export const NAVIGATE_EVENT = 'cairn:navigate';

/** Marks a `History` object whose methods are already wrapped, shared by every cairn copy on the page. */
const PATCHED = Symbol.for('cairn.history');

type Win = Window & typeof globalThis;

/**
 * Wraps `history.pushState` and `replaceState` once per window so that they dispatch
 * `cairn:navigate` after calling the original (the History API has no event of its own).
 *
 * The wrapper stays installed after `stop()` on purpose: a router or another script may have wrapped
 * it since, and restoring the original would silently remove their wrapper; another tracker on the
 * page may rely on it too. Without listeners it only dispatches an event nobody hears.
 */
export function patchHistory(win: Win): void {
  const history = win.history as History & { [PATCHED]?: true };
  if (history[PATCHED]) return;
  Object.defineProperty(history, PATCHED, { value: true });
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    const kind = method === 'pushState' ? 'push' : 'replace';
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      try {
        win.dispatchEvent(new win.CustomEvent(NAVIGATE_EVENT, { detail: kind }));
      } catch {
        // Never let tracking break the page's navigation.
      }
      return result;
    };
  }
}

/**
 * The page path of a location: its `pathname`, followed by the hash route when the hash is one
 * (`#/…` or `#!/…`), without the route's query or anchor: `/#/checkout/done`, `/app/#!/cart`. The
 * root route (`#/`, `#!/`) is the page itself, so a router that adds it on load makes no second page.
 * Any other hash is an in-page anchor, never a page of its own: `/docs#install` is `/docs`, and an
 * anchor on the pathname of `previous` stays on `previous`, hash route included.
 *
 * @example
 * pagePath({ pathname: '/', hash: '#/cart?step=2' }); // '/#/cart'
 * pagePath({ pathname: '/', hash: '#faq' }, '/#/cart'); // '/#/cart'
 */
export function pagePath({ pathname, hash }: Pick<Location, 'pathname' | 'hash'>, previous?: string): string {
  const route = /^#!?(\/[^?#]*)/.exec(hash);
  if (route) return route[1] === '/' ? pathname : pathname + route[0];
  return hash && previous?.split('#')[0] === pathname ? previous : pathname;
}

/**
 * Calls `onNewPage` when an SPA navigation starts a new page, never twice for one navigation. A page
 * is a {@link pagePath}: a path, with its hash route if any.
 *
 * - `pushState` and `popstate` (back/forward): when the page path or the query string changed;
 * - `replaceState` and `hashchange`: only when the page path changed. Sites rewrite the query with
 *   `replaceState` after load (dropping `utm_*` or a payment `session_id`), and counting that would
 *   count the landing page, often a thank-you page, twice. An in-page anchor never makes a new page,
 *   nor does the query of a hash route (routers rewrite it for filters and tabs, and a hash change
 *   fires popstate in some browsers and not in others).
 *
 * The page load itself is not reported; callers handle it at start.
 */
export function watchPages(host: TriggerHost, onNewPage: () => void): StopTrigger {
  const win = host.window;
  try {
    patchHistory(win);
  } catch (error) {
    // A locked-down History still gives popstate and hashchange.
    host.debug('cannot watch pushState/replaceState', error);
  }
  let path = pagePath(win.location);
  let search = win.location.search;
  const check = (withSearch: boolean): void => {
    const next = win.location;
    const nextPath = pagePath(next, path);
    const changed = nextPath !== path || (withSearch && next.search !== search);
    path = nextPath;
    search = next.search;
    if (changed) onNewPage();
  };
  const stops = [
    listen(host, win, NAVIGATE_EVENT, (event) => check((event as CustomEvent).detail === 'push')),
    listen(host, win, 'popstate', () => check(true)),
    listen(host, win, 'hashchange', () => check(false)),
  ];
  return () => stops.forEach((stop) => stop());
}
