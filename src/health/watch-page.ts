import type { PageHealth } from '../schema/health-types';
import { NAVIGATE_EVENT, pagePath, patchHistory } from '../triggers/navigation';
import { brokenMedia, type MediaWatch } from './broken-media';
import type { HealthHost } from './health-module';
import { newView, noteMedia, snapshot } from './page-view';

/** The health module's state of the current page view. */
export interface State {
  view: PageHealth;
  /** Started by an SPA route change. */
  soft: boolean;
  lcpFinal: boolean;
  stopped: boolean;
}

/** Options of the page watcher. */
export interface WatchOptions {
  /** Send `page_health` (`health.pageHealth`). */
  send: boolean;
  /** Milliseconds of waiting for data before a stall counts; 0: stalls are not watched. */
  stallMs: number;
  /** Read error messages (truncated to 100 characters, then redacted); otherwise none is read. */
  messages: boolean;
  media: MediaWatch;
  /** Records `page_health` with these final values. */
  record(health: PageHealth, reason: string): void;
}

/** Events after which a waiting element plays again or stops trying. */
const RESUMED = ['playing', 'timeupdate', 'pause', 'ended', 'emptied'];

/** Runs a listener or a web-vitals call: a failure is a debug line, never an exception in the page. */
export function guard(host: HealthHost, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    host.log.debug('health failed', error);
  }
}

/**
 * What ends and starts page views: `page_health` is sent when the page is hidden or left
 * (`pagehide` may come first when the visitor navigates away) and when an SPA route change ends
 * the view, never twice for a view unless the visitor came back and its values changed since; a
 * back/forward cache restore and an SPA route change start a new view.
 */
function lifecycle(host: HealthHost, state: State, options: WatchOptions) {
  const { win } = host;
  // The JSON of the last page_health of this view (without its id); `back`: visible since it was sent.
  let sent: string | undefined;
  let back = true;
  let path = pagePath(win.location);
  const finish = (reason: string) => {
    if (!options.send || !back || state.stopped) return;
    back = false;
    const health = snapshot(state.view, true, true);
    const json = JSON.stringify({ ...health, view: '' });
    if (json !== sent) options.record(health, reason);
    sent = json;
  };
  const start = (navigationType: string, soft: boolean) => {
    state.view = newView(navigationType);
    state.soft = soft;
    state.lcpFinal = false;
    sent = undefined;
    back = true;
  };
  const route = () => {
    const next = pagePath(win.location, path);
    if (next === path) return;
    path = next;
    back = true;
    finish('route');
    start('soft-navigation', true);
  };
  return {
    visibilitychange: () => (win.document.visibilityState === 'hidden' ? finish('hidden') : (back = true)),
    pagehide: () => finish('pagehide'),
    pageshow: (event: PageTransitionEvent) => event.persisted && start('back-forward-cache', false),
    [NAVIGATE_EVENT]: route,
    popstate: route,
    hashchange: route,
  };
}

/**
 * One listener on the window, in the capture phase, for every event the health module follows:
 * `error` there sees script errors (an `ErrorEvent` at the window) and resources that failed (a
 * plain event at the element: it does not bubble, nor do the media events); the lifecycle events
 * are seen before the tracker sends what waits on them, so `page_health` is in its unload send.
 * A trusted click or key press marks LCP final (web-vitals finalises it then). Each call is
 * guarded: nothing throws into the page. Returns a function that removes the listener and timers.
 */
export function watchPage(host: HealthHost, state: State, options: WatchOptions): () => void {
  const { win } = host;
  try {
    patchHistory(win);
  } catch {
    // A locked-down History still gives popstate and hashchange.
  }
  const timers = new Map<EventTarget | null, number>();
  const resume = ({ target }: Event) => (win.clearTimeout(timers.get(target)), timers.delete(target));
  const wait = ({ target }: Event) =>
    options.stallMs && !timers.has(target) && timers.set(target, win.setTimeout(() => (timers.delete(target), noteMedia(state.view, brokenMedia(target as Element, options.media, true))), options.stallMs));
  const count = (kind: 'errors' | 'rejections', value: unknown) => {
    const view = state.view;
    view[kind]++;
    if (options.messages && (view.messages ??= []).length < 3) view.messages.push(host.redact(String(value instanceof Error ? value.message : value).slice(0, 100)));
  };
  const input = (event: Event) => event.isTrusted && (state.lcpFinal = true);
  const table: Record<string, (event: never) => unknown> = {
    error: (event: ErrorEvent) => {
      const target = event.target as Node | null;
      return target && target.nodeType === 1 ? noteMedia(state.view, brokenMedia(target as Element, options.media)) : count('errors', event.error ?? event.message);
    },
    unhandledrejection: (event: PromiseRejectionEvent) => count('rejections', event.reason),
    waiting: wait,
    stalled: wait,
    click: input,
    keydown: input,
    ...lifecycle(host, state, options),
  };
  for (const type of RESUMED) table[type] = resume;
  const listener = (event: Event) => guard(host, () => table[event.type]!(event as never));
  for (const type in table) win.addEventListener(type, listener, true);
  return () => {
    for (const type in table) win.removeEventListener(type, listener, true);
    timers.forEach((timer) => win.clearTimeout(timer));
  };
}
