import type { PageviewTrigger, TriggerConfig } from '../schema/trigger-types';
import { clickHandler } from './click';
import { listen, type GoalTrigger, type SharedHandler } from './dom';
import { downloadHandler } from './download';
import { htmlTagHandlers } from './html-tags';
import { startMedia } from './media';
import { pagePath, watchPages } from './navigation';
import { startForms } from './forms';
import { outboundHandler } from './outbound';
import { pageviewHandler } from './pageview';
import { compilePathPattern } from './path-match';
import { startScroll, type PageTrigger } from './scroll';
import { startSearch } from './search';
import { submitHandler } from './submit';
import { startTime } from './time';
import type { StopTrigger, TriggerHost } from './trigger-host';
import { startVisible } from './visible';

type On = TriggerConfig['on'];
type Grouped = { [K in On]: GoalTrigger<Extract<TriggerConfig, { on: K }>>[] };

function problemOf(trigger: TriggerConfig, doc: Document | undefined): string | undefined {
  if (trigger.on === 'pageview') {
    try {
      compilePathPattern(trigger.path, trigger.match);
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  }
  const selector = 'selector' in trigger ? trigger.selector : undefined;
  if (selector === undefined || !doc) return undefined;
  try {
    doc.createDocumentFragment().querySelector(selector);
  } catch {
    return `invalid CSS selector "${selector}"`;
  }
  return undefined;
}

/**
 * Checks what the types cannot: that a trigger's CSS selector parses (only where a document exists;
 * skipped on a server) and that a `regex` pageview path compiles. Returns the problem, or undefined.
 *
 * @example
 * validateTrigger({ on: 'click', selector: 'button[' }); // 'invalid CSS selector "button["'
 */
export function validateTrigger(trigger: TriggerConfig): string | undefined {
  return problemOf(trigger, typeof document === 'undefined' ? undefined : document);
}

function guarded(host: TriggerHost, run: () => void, what = 'trigger'): void {
  try {
    run();
  } catch (error) {
    host.debug(`${what} failed`, error);
  }
}

function shared(host: TriggerHost, doc: Document, type: string, handlers: SharedHandler[]): StopTrigger {
  // Capture phase: a page that stops propagation of its own clicks still gets them counted.
  return listen(host, doc, type, (event) => {
    const fired = new Set<string>();
    for (const handle of handlers) guarded(host, () => handle(event, fired), `${type} trigger`);
  }, true);
}

/**
 * Pageview triggers, fired one task later, on load and after each navigation (`reset`): routers
 * render the new page and set its title after pushState returns, and the event should carry the
 * new page's title.
 */
function startPageviews(host: TriggerHost, triggers: GoalTrigger<PageviewTrigger>[]): PageTrigger {
  const pageview = pageviewHandler(host, triggers);
  const timers = new Set<number>();
  let path: string | undefined;
  const later = () => {
    // The path is the one navigated to now, even if another navigation follows in this task.
    const { href } = host.window.location;
    const page = (path = pagePath(host.window.location, path));
    const id = host.window.setTimeout(() => {
      timers.delete(id);
      guarded(host, () => pageview(page, href), 'pageview trigger');
    }, 0);
    timers.add(id);
  };
  later();
  return { reset: later, stop: () => timers.forEach((id) => host.window.clearTimeout(id)) };
}

/**
 * Starts every trigger the goals declare, plus `data-cairn` HTML tagging (always on), and returns one
 * function that removes every listener, observer, timer and animation frame. A single capture-phase
 * `click` listener serves click, download, outbound and tagged elements, a single `submit` listener
 * serves submit triggers and tagged forms. Invalid triggers are skipped (debug-logged). Never throws.
 *
 * @example
 * const stop = startTriggers(host);
 * stop();
 */
export function startTriggers(host: TriggerHost): StopTrigger {
  const stops: StopTrigger[] = [];
  const stop = (): void => {
    for (const each of stops.splice(0)) guarded(host, each);
  };
  try {
    const doc = host.window?.document;
    if (!doc) return stop;
    const by = {
      click: [], submit: [], pageview: [], media: [], scroll: [], visible: [], time: [], download: [], outbound: [],
      search: [], form_start: [], form_abandon: [],
    } as unknown as Grouped;
    for (const goal of host.goals) {
      for (const trigger of goal.triggers) {
        const problem = problemOf(trigger, doc);
        if (problem) host.debug(`trigger ${trigger.on} of ${goal.id} skipped: ${problem}`);
        else (by[trigger.on] as GoalTrigger<TriggerConfig>[] | undefined)?.push({ goal, trigger });
      }
    }

    const tags = htmlTagHandlers(host);
    const clicks = [tags.click];
    if (by.click.length) clicks.unshift(clickHandler(host, by.click));
    if (by.download.length) clicks.push(downloadHandler(host, by.download));
    if (by.outbound.length) clicks.push(outboundHandler(host, by.outbound));
    stops.push(shared(host, doc, 'click', clicks));
    const submits = [tags.submit];
    if (by.submit.length) submits.unshift(submitHandler(host, by.submit));
    stops.push(shared(host, doc, 'submit', submits));

    if (by.media.length) stops.push(startMedia(host, by.media));
    if (by.visible.length) stops.push(startVisible(host, by.visible));

    // Page views, scroll, time and search count once per page: a new SPA page resets them. A
    // search fires after the page view of its page (both one task later, in this order).
    const pages: PageTrigger[] = [];
    if (by.pageview.length) pages.push(startPageviews(host, by.pageview));
    if (by.scroll.length) pages.push(startScroll(host, by.scroll));
    if (by.time.length) pages.push(startTime(host, by.time));
    if (by.search.length) pages.push(startSearch(host, by.search));
    if (by.form_start.length || by.form_abandon.length) pages.push(startForms(host, by.form_start, by.form_abandon));
    const onNewPage = pages.map((page) => {
      stops.push(page.stop);
      return page.reset;
    });
    if (onNewPage.length) {
      stops.push(watchPages(host, () => onNewPage.forEach((run) => guarded(host, run))));
    }
  } catch (error) {
    host.debug('triggers failed to start', error);
  }
  return stop;
}
