/**
 * What a goal's events are used for, each consented to on its own. `analytics` maps onto Google
 * consent mode's `analytics_storage`; `marketing` onto `ad_storage`, `ad_user_data` and
 * `ad_personalization` (docs/privacy.md).
 */
export type ConsentPurpose = 'analytics' | 'marketing';

/** One purpose's consent: not asked yet (or no answer), given, or refused. */
export type ConsentValue = 'pending' | 'granted' | 'denied';

/** A choice per purpose; a purpose left out keeps its value. */
export interface ConsentByPurpose {
  /** Measuring the site: the goals' default purpose (consent mode's `analytics_storage`). */
  readonly analytics?: ConsentValue;
  /** Advertising: the goals with `purpose: 'marketing'` (consent mode's `ad_storage`, `ad_user_data`, `ad_personalization`). */
  readonly marketing?: ConsentValue;
}

/** A choice in Google consent mode's types, as a consent tool hands them to `gtag('consent', …)`. */
export interface ConsentModeState {
  /** Sets `analytics`. */
  readonly analytics_storage?: 'granted' | 'denied';
  /** With `ad_user_data` and `ad_personalization`: `marketing` is granted when none of the three given is denied. */
  readonly ad_storage?: 'granted' | 'denied';
  /** See `ad_storage`. */
  readonly ad_user_data?: 'granted' | 'denied';
  /** See `ad_storage`. */
  readonly ad_personalization?: 'granted' | 'denied';
}

/**
 * A consent choice: one value for every purpose, values per purpose (the others keep theirs), or
 * Google consent mode's types.
 * @example
 * cairn.consent('granted')
 * cairn.consent({ analytics: 'granted', marketing: 'denied' })
 * cairn.consent({ analytics_storage: 'granted', ad_storage: 'denied' })
 */
export type ConsentState = ConsentValue | ConsentByPurpose | ConsentModeState;

/** Consent for each purpose, as the tracker holds it and sends it (`context.consent`). */
export type ConsentPurposes = { [P in ConsentPurpose]: ConsentValue };

/** Whether and how events wait for the visitor's consent (`consent` in the config). */
export interface ConsentOptions {
  /**
   * Consent is needed before anything is stored or sent (an opt-in site: the EU's ePrivacy rules).
   * Events made meanwhile wait in memory and are sent on a grant with their own times, or dropped
   * on a denial. Without it, consent is assumed until `consent('denied')` (an opt-out site).
   * @default false
   */
  required?: boolean;
  /**
   * The state before the visitor chooses. With `required`, only `pending` or `denied` values.
   * @default 'pending' when required, else 'granted'
   */
  default?: ConsentState;
  /**
   * Remember the visitor's choice in storage (`cairn:consent`, 13 months) and apply it in every tab
   * and page load; without it, the site's consent tool calls `consent()` on each page.
   * @default false
   */
  persist?: boolean;
  /**
   * What a browser's Global Privacy Control signal does: deny the `marketing` purpose (the
   * default), deny everything (`deny-all`), or nothing (`ignore`, only when the site honours it
   * some other way). No `consent()` call overrides it on that page.
   * @default 'deny-marketing'
   */
  gpc?: 'deny-marketing' | 'deny-all' | 'ignore';
}

/** Personal data kept out of events (`privacy` in the config). */
export interface PrivacyOptions {
  /**
   * Redact e-mail addresses, phone numbers, card numbers (Luhn checked) and US social security
   * numbers from props, page URLs, referrers and titles.
   * @default true
   */
  redact?: boolean;
  /**
   * Query parameters kept in page URLs and referrers besides the built-in list (UTMs, ad click
   * ids, `q`, `s`, `search`, `query`, `keyword`), or `'all'`. Names that carry secrets or
   * personal data (`email`, `token`, `password`...) are always dropped.
   */
  queryParams?: readonly string[] | 'all';
  /**
   * Keep the anonymous id, the session and the queue for the tab only (sessionStorage): no id
   * outlives the tab, for sites that measure without asking for consent.
   * @default false
   */
  cookieless?: boolean;
}
