/**
 * Where a declarative trigger reads a prop from the element it matched:
 * `attr:<name>` (an attribute), `field:<name>` (a named form field; other fields are never read),
 * or `text` (the element's trimmed text, at most 256 characters).
 */
export type PropSource = `attr:${string}` | `field:${string}` | 'text';

/** Fires the goal on a click on (or inside) an element matching `selector`. */
export interface ClickTrigger {
  /** The trigger kind. */
  on: 'click';
  /** CSS selector; the closest matching ancestor of the click target counts. */
  selector: string;
  /** Props read from the matched element. */
  props?: { readonly [prop: string]: PropSource };
}

/** Fires the goal when a form matching `selector` is submitted. */
export interface SubmitTrigger {
  /** The trigger kind. */
  on: 'submit';
  /** CSS selector of the form. */
  selector: string;
  /** Props read from the form; input values are read only when named with `field:<name>`. */
  props?: { readonly [prop: string]: PropSource };
}

/**
 * Fires the goal on a page load or SPA navigation whose path matches. A hash that starts with `#/` or
 * `#!/` is a route: each new route is a new page, an in-page anchor (`#reviews`) never is.
 */
export interface PageviewTrigger {
  /** The trigger kind. */
  on: 'pageview';
  /**
   * A path (`/checkout/thank-you`), a glob (`/product/*`) or a regular expression source, matched
   * against `location.pathname`; on a hash route, against the path with the route
   * (`/#/checkout/done`, without the route's query) or the route alone (`/checkout/done`).
   */
  path: string;
  /**
   * How `path` is read.
   * @default 'glob' when `path` contains `*`, else 'exact'
   */
  match?: 'exact' | 'glob' | 'regex';
}

/**
 * Fires the goal when a `<video>`, an `<audio>` or an embedded YouTube or Vimeo player reaches given
 * percentages of its duration (played, not sought to).
 */
export interface MediaTrigger {
  /** The trigger kind. */
  on: 'media';
  /**
   * CSS selector of the media elements and player iframes. An `<iframe>` counts only when it is a
   * YouTube (`youtube.com` or `youtube-nocookie.com` `/embed/…`) or Vimeo (`player.vimeo.com/video/…`)
   * player; other iframes are never touched.
   * @default 'video, audio, iframe'
   */
  selector?: string;
  /** Milestones in percent, each fired once per element per page, e.g. `[25, 50, 75, 100]`. */
  percent: readonly number[];
  /**
   * A YouTube player talks to the page only when its src carries `enablejsapi=1`. `true` adds it to
   * matching players that lack it, which reloads each such player once (before it plays, when cairn
   * starts with the page); `false` leaves them alone and they are not followed (a debug line says so).
   * @default false
   */
  enableJsApi?: boolean;
}

/** Fires the goal once per page when the reader scrolls past a depth. */
export interface ScrollTrigger {
  /** The trigger kind. */
  on: 'scroll';
  /** Depth in percent of the page height, e.g. `75`. */
  percent: number;
}

/** Fires the goal when an element is in view long enough (IntersectionObserver). */
export interface VisibleTrigger {
  /** The trigger kind. */
  on: 'visible';
  /** CSS selector of the watched elements. */
  selector: string;
  /**
   * Fraction of the element that must be in view, from 0 to 1.
   * @default 0.5
   */
  threshold?: number;
  /**
   * How long it must stay in view, in milliseconds.
   * @default 1000
   */
  durationMs?: number;
}

/** Fires the goal once per page after a number of engaged seconds (time with the page visible). */
export interface TimeTrigger {
  /** The trigger kind. */
  on: 'time';
  /** Engaged seconds before the goal fires. */
  seconds: number;
}

/** Fires the goal on a click on a link to a file. */
export interface DownloadTrigger {
  /** The trigger kind. */
  on: 'download';
  /**
   * File extensions that count, without the dot.
   * @default ['pdf','zip','doc','docx','xls','xlsx','ppt','pptx','csv','txt','rtf','dmg','exe','msi','apk','mp3','mp4','mov','avi','7z','rar','gz','tar']
   */
  extensions?: readonly string[];
}

/** Fires the goal on a click on a link to another host. */
export interface OutboundTrigger {
  /** The trigger kind. */
  on: 'outbound';
}

/**
 * Fires the goal on a site search: a page load or SPA navigation whose URL carries a search
 * parameter (in the query, or in a hash route's query), with the term as `term` when the goal
 * declares it. Once per page.
 */
export interface SearchTrigger {
  /** The trigger kind. */
  on: 'search';
  /**
   * Query parameters that carry the term; the first one present with a non-empty value counts.
   * @default ['q', 's', 'search', 'query', 'keyword'] (GA4's enhanced measurement)
   */
  params?: readonly string[];
}

/**
 * Fires the goal on the first interaction with a form matching `selector` (a value typed, picked or
 * toggled in one of its fields), once per form per page. Automatic props when the goal declares
 * them: `form` (its `id`, else its `name`), `field` (the name of the field).
 */
export interface FormStartTrigger {
  /** The trigger kind. */
  on: 'form_start';
  /**
   * CSS selector of the forms.
   * @default 'form'
   */
  selector?: string;
}

/**
 * Fires the goal when a form matching `selector` was started (see {@link FormStartTrigger}) and the
 * page is hidden, left, or replaced by an SPA navigation before the form was submitted; once per form
 * per page. Field names only, never values. Automatic props when the goal declares them: `form`,
 * `last_field` (the name of the last field touched), `fields_filled` (how many fields were changed),
 * `seconds` (from the first interaction).
 */
export interface FormAbandonTrigger {
  /** The trigger kind. */
  on: 'form_abandon';
  /**
   * CSS selector of the forms.
   * @default 'form'
   */
  selector?: string;
}

/** A declarative rule that fires a goal without code. */
export type TriggerConfig =
  | ClickTrigger
  | SubmitTrigger
  | PageviewTrigger
  | MediaTrigger
  | ScrollTrigger
  | VisibleTrigger
  | TimeTrigger
  | DownloadTrigger
  | OutboundTrigger
  | SearchTrigger
  | FormStartTrigger
  | FormAbandonTrigger;
