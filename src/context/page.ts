import type { PageContext } from '../schema/types';
import type { ContextStep } from './context-step';

/** How personal data is taken out of a page's URL, path and title (lib/redact.ts, lib/redact-url.ts). */
export interface PageCleaning {
  url: (url: string) => string;
  path: (path: string) => string;
  text: (text: string) => string;
}

/**
 * Reads the page context, reusing the last object while the URL and title are unchanged so that
 * events of one page share one context (and one entry in a batch). Personal data is taken out
 * of the URL, path, title and referrer (`clean`) only when they change.
 */
export function createPageContext(win: Window, clean: PageCleaning): (href?: string) => PageContext {
  let last: PageContext | undefined;
  let lastUrl: string | undefined;
  let lastTitle: string | undefined;
  return (href) => {
    // document.URL is location.href by definition (history.pushState updates both), but reading it
    // costs 0.16 µs in Chromium against 1.3 µs for location.href, a tenth of track() on its own.
    // location.pathname (1.6 µs) is read only when the URL changed.
    const url = win.document.URL;
    // A pageview fires one task after its navigation: when the page moved on, its URL is known, its title is not.
    if (href && href !== url) return { url: clean.url(href), path: clean.path(new URL(href).pathname), title: '', referrer: '' };
    const title = win.document.title;
    if (last && lastUrl === url && lastTitle === title) return last;
    // The first page keeps document.referrer; after an SPA navigation the previous URL is the
    // referrer. A new title on the same URL (a route rendering, "(1) Inbox") keeps the referrer.
    const referrer = !last ? clean.url(win.document.referrer) : lastUrl === url ? last.referrer : last.url;
    lastUrl = url;
    lastTitle = title;
    return (last = { url: clean.url(url), path: clean.path(win.location.pathname), title: clean.text(title), referrer });
  };
}

/** Puts the page the hit happened on on the event's context. */
export const pageStep: ContextStep = (event, hit) => {
  event.context.page = hit.page;
};
