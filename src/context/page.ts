/** The page an event happened on. */
export interface PageContext {
  url: string;
  path: string;
  title: string;
  referrer: string;
}

/**
 * Reads the page context, reusing the last object while the URL and title are unchanged so that
 * events of one page share one context (and one entry in a batch).
 */
export function createPageContext(win: Window): () => PageContext {
  let last: PageContext | undefined;
  return () => {
    // Only href is read on every call: each location getter costs ~1-2 µs in Chromium, more than
    // the rest of track(). The path is read when the URL changed.
    const href = win.location.href;
    const title = win.document.title;
    if (last && last.url === href && last.title === title) return last;
    // The first page keeps document.referrer; after an SPA navigation the previous URL is the
    // referrer. A new title on the same URL (a route rendering, "(1) Inbox") keeps the referrer.
    const referrer = !last ? win.document.referrer : last.url === href ? last.referrer : last.url;
    return (last = { url: href, path: win.location.pathname, title, referrer });
  };
}

/** The page of an event that fired after the page moved on: its URL is known, its title is not. */
export function pageAt(href: string): PageContext {
  return { url: href, path: new URL(href).pathname, title: '', referrer: '' };
}
