import type { BrokenMedia, PageHealth } from '../schema/health-types';
import type { MetricReport } from './health-module';

/** The metrics cairn keeps, by their key in `context.health`. */
const KEYS = ['lcp', 'inp', 'cls', 'fcp', 'ttfb'] as const;

/**
 * A new page view (the page load, a back/forward cache restore, an SPA route change), as the wire
 * format sends it. Its id is random and never stored: 12 base-36 characters.
 */
export function newView(navigationType: string): PageHealth {
  const view = Math.random().toString(36).slice(2, 8) + Date.now().toString(36).slice(-6);
  return { view, navigationType, errors: 0, rejections: 0, media: [], brokenMedia: 0 };
}

/**
 * Notes a web-vitals report on the view: its value (ms rounded; CLS to 4 decimals), rating and,
 * with `attribution`, its element (`target`, `interactionTarget`, `largestShiftTarget`).
 */
export function noteMetric(view: PageHealth, metric: MetricReport, attribution: boolean): void {
  const key = metric.name.toLowerCase() as (typeof KEYS)[number];
  const a = metric.attribution as { target?: string; interactionTarget?: string; largestShiftTarget?: string } | undefined;
  const target = attribution && a ? (a.target ?? a.interactionTarget ?? a.largestShiftTarget) : undefined;
  view[key] = { value: Math.round(metric.value * (key === 'cls' ? 1e4 : 1)) / (key === 'cls' ? 1e4 : 1), rating: metric.rating };
  if (target) view[key]!.target = target.slice(0, 100);
  view.navigationType = metric.navigationType;
}

/** Counts a broken media element, naming the first five (each element and URL once). */
export function noteMedia(view: PageHealth, media: BrokenMedia | undefined): void {
  if (!media || view.media.some((m) => m.selector === media.selector && m.src === media.src)) return;
  view.brokenMedia++;
  if (view.media.length < 5) view.media.push(media);
}

/**
 * The view's health as sent, a copy taken now. `final` marks the values that will not change:
 * TTFB and FCP once known, LCP after the first click or key press (`lcpFinal`), and every value
 * when the page is hidden (`hidden`: the `page_health` event).
 */
export function snapshot(view: PageHealth, hidden: boolean, lcpFinal: boolean): PageHealth {
  const health = JSON.parse(JSON.stringify(view)) as PageHealth;
  for (const key of KEYS) {
    const value = health[key];
    if (value && (hidden || key === 'ttfb' || key === 'fcp' || (key === 'lcp' && lcpFinal))) value.final = true;
  }
  return health;
}
