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
 * Calls `onNewPage` when an SPA navigation starts a new page, never twice for one navigation:
 *
 * - `pushState` and `popstate` (back/forward): when the path or the query string changed;
 * - `replaceState` and `hashchange`: only when the path changed. Sites rewrite the query with
 *   `replaceState` after load (dropping `utm_*` or a payment `session_id`), and counting that would
 *   count the landing page, often a thank-you page, twice. A fragment alone never makes a new page.
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
  let path = win.location.pathname;
  let search = win.location.search;
  const check = (withSearch: boolean): void => {
    const next = win.location;
    const changed = next.pathname !== path || (withSearch && next.search !== search);
    path = next.pathname;
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
