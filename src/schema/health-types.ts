/** Page health (`health` in the config; health module, `cairn/health`). */
export interface HealthOptions {
  /**
   * Send the built-in `page_health` event once per page view when the page is hidden, with the
   * view's final values, so a collector can compare converting and non-converting page views.
   * @default true
   */
  pageHealth?: boolean;
  /**
   * Put `context.health` on micro events too, not only on macro events and `page_health`.
   * @default false
   */
  micro?: boolean;
  /**
   * Add the element selectors of web-vitals' attribution build (LCP element, INP target, largest
   * layout shift). Needs the attribution build (`cairn/health/attribution`, `data-health="attribution"`).
   * @default false
   */
  attribution?: boolean;
  /**
   * Send the first few error messages, truncated to 100 characters and redacted. Off by default:
   * messages and stacks carry personal data.
   * @default false
   */
  errorMessages?: boolean;
  /**
   * The media elements watched for a failed load or a stall (a CSS selector).
   * @default the selectors of the goals' media triggers, else 'video, audio'
   */
  media?: string;
  /**
   * Milliseconds a watched video or audio may wait for data (`waiting`, `stalled`) without playing
   * before it counts as broken; `0` turns stall detection off.
   * @default 8000
   */
  stallMs?: number;
}

/** One web vital as known when the event was tracked. */
export interface VitalValue {
  /** Milliseconds (CLS: the layout shift score). */
  value: number;
  /** web-vitals' rating against Google's thresholds. */
  rating: 'good' | 'needs-improvement' | 'poor';
  /** Set when the value will not change any more for this page view. */
  final?: true;
  /** With `attribution`: the selector of the LCP element, the INP target or the largest shift's element. */
  target?: string;
}

/** A media element of the page that failed to load, or stalled. */
export interface BrokenMedia {
  /** A CSS selector of the element (`video#intro`, `main > img.hero`). */
  selector: string;
  /** Its media URL, origin and path only, redacted. */
  src: string;
  /** `MediaError.code` (1 aborted, 2 network, 3 decode, 4 source not supported); 4 when no `<source>` could be used; absent for an image. */
  code?: number;
  /** Set when it did not fail but waited for data past `stallMs`. */
  stalled?: true;
}

/** The health of the page view an event happened on (`context.health`; docs/health.md). */
export interface PageHealth {
  /** The page view's id: the same on its conversions and its `page_health` event. */
  view: string;
  /** How the view started: web-vitals' `navigationType`, or `soft-navigation` after an SPA route change. */
  navigationType: string;
  /** Largest Contentful Paint, final after the first click or key press. */
  lcp?: VitalValue;
  /** Interaction to Next Paint, once there was an interaction. */
  inp?: VitalValue;
  /** Cumulative Layout Shift (Chromium). */
  cls?: VitalValue;
  /** First Contentful Paint, final once known. */
  fcp?: VitalValue;
  /** Time to First Byte, final once known. */
  ttfb?: VitalValue;
  /** Uncaught errors on this page view. */
  errors: number;
  /** Unhandled promise rejections on this page view. */
  rejections: number;
  /** With `errorMessages`: the first three messages, truncated and redacted. */
  messages?: string[];
  /** Media that failed to load or stalled, the first five. */
  media: BrokenMedia[];
  /** How many media failures in all (`media` keeps five). */
  brokenMedia: number;
}
