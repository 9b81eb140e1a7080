import type { BrokenMedia } from '../schema/health-types';
import { elementSelector } from './element-selector';

/** `MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED`: given when no `<source>` of an element could be used (the element then has no `error` of its own). */
const SRC_NOT_SUPPORTED = 4;

/** Which media elements are watched, and how their URLs are sent. */
export interface MediaWatch {
  /** A CSS selector (`health.media`). */
  selector: string;
  /** Takes personal data out of a URL. */
  clean: (url: string) => string;
}

/** Whether an element matches a selector; a selector that does not parse matches nothing. */
export function matches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

/**
 * Names a watched media element whose resource failed or stalled: its selector, its media URL
 * (origin and path only: the query never leaves the page) and, for a failure, its `MediaError`
 * code (none for an image). A failed `<source>` names its `<video>` or `<audio>` with the source's
 * URL and code 4. Returns undefined for an element that is not watched.
 */
export function brokenMedia(target: Element, watch: MediaWatch, stalled?: boolean): BrokenMedia | undefined {
  const isSource = target.localName === 'source';
  const element = isSource ? target.parentElement : target;
  if (!element || !/^(video|audio|img)$/.test(element.localName) || !matches(element, watch.selector)) return undefined;
  const from = (isSource ? target : element) as HTMLMediaElement;
  let src = '';
  try {
    const url = new URL(from.currentSrc || from.src, from.baseURI);
    src = watch.clean(url.origin + url.pathname);
  } catch {
    // No URL: named by its selector alone.
  }
  const broken: BrokenMedia = { selector: elementSelector(element), src };
  const code = stalled ? 0 : isSource ? SRC_NOT_SUPPORTED : (element as HTMLMediaElement).error?.code;
  if (code) broken.code = code;
  if (stalled) broken.stalled = true;
  return broken;
}
