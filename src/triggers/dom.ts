import type { TriggerConfig } from '../schema/trigger-types';
import type { StopTrigger, TriggerGoal, TriggerHost } from './trigger-host';

/** One declarative trigger together with the goal it fires. */
export interface GoalTrigger<T extends TriggerConfig> {
  goal: TriggerGoal;
  trigger: T;
}

/** A handler of the shared `click` or `submit` listener; `fired` holds the goals this event already fired. */
export type SharedHandler = (event: Event, fired: Set<string>) => void;

const ELEMENT_NODE = 1;

function isElement(node: unknown): node is Element {
  return !!node && (node as Node).nodeType === ELEMENT_NODE;
}

/**
 * Adds one passive listener whose body can never throw into the page, and returns its remover.
 *
 * @example
 * const stop = listen(host, doc, 'click', onClick, true);
 */
export function listen(
  host: TriggerHost,
  target: EventTarget,
  type: string,
  handler: (event: Event) => void,
  capture = false,
): StopTrigger {
  const wrapped = (event: Event): void => {
    try {
      handler(event);
    } catch (error) {
      host.debug(`${type} trigger failed`, error);
    }
  };
  const options: AddEventListenerOptions = { capture, passive: true };
  target.addEventListener(type, wrapped, options);
  return () => target.removeEventListener(type, wrapped, options);
}

/**
 * The elements an event went through, innermost first. Uses `composedPath()` so that clicks inside
 * (open) shadow roots and on text nodes resolve to their elements; falls back to walking parents.
 */
export function eventElements(event: Event): Element[] {
  const path = typeof event.composedPath === 'function' ? event.composedPath() : [];
  if (path.length > 0) return path.filter(isElement);
  const out: Element[] = [];
  let node = event.target as Node | null;
  while (node) {
    if (isElement(node)) out.push(node);
    // A shadow root (node type 11 with a host) continues at its host element.
    node = node.parentNode ?? (node.nodeType === 11 ? ((node as ShadowRoot).host ?? null) : null);
  }
  return out;
}

/** `element.matches(selector)` that answers `false` instead of throwing on a bad selector. */
export function safeMatches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

/**
 * The closest element on the event's path (the target itself or an ancestor, across shadow
 * boundaries) that matches `selector`.
 *
 * @example
 * closestMatch(event, '[data-buy]'); // the button, even when the click hit its <svg> icon
 */
export function closestMatch(event: Event, selector: string): Element | undefined {
  return eventElements(event).find((element) => safeMatches(element, selector));
}

const XLINK = 'http://www.w3.org/1999/xlink';

/**
 * The link a click went through (`<a>`, `<area>`, or an SVG `<a>` with `href` or `xlink:href`),
 * resolved to an absolute URL; undefined when there is none or its address is not a URL.
 */
export function closestLink(event: Event, win: Window & typeof globalThis): URL | undefined {
  for (const element of eventElements(event)) {
    const name = element.localName;
    if (name !== 'a' && name !== 'area') continue;
    const raw = element.getAttribute('href') ?? element.getAttributeNS(XLINK, 'href');
    if (raw === null) continue;
    try {
      return new win.URL(raw, win.document.baseURI);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A link's address as sent in the `url` prop: origin and path, without query or fragment. */
export function linkUrl(url: URL): string {
  // Query strings of download and outbound links often carry signed tokens or personal data.
  return url.origin + url.pathname;
}
