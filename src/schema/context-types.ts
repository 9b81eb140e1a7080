/** When a session ends (`session` in the config). */
export interface SessionOptions {
  /**
   * Milliseconds without an event after which the next event starts a new session (30 minutes, as
   * GA4 counts). A landing from another campaign or click id starts one too (context module).
   * @default 1800000
   */
  timeoutMs?: number;
}

/** How landings are read (`attribution` in the config; context module). */
export interface AttributionOptions {
  /**
   * Other hosts of the site (a suffix match: `example.com` covers `shop.example.com`): a referrer
   * from them is internal, never a Referral. The page's own host always is.
   */
  internalHosts?: readonly string[];
  /**
   * Referrer hosts never counted as a Referral (suffix match), added to the built-in list of
   * payment and 3-D Secure returns (docs/channels.md).
   */
  ignoreReferrers?: readonly string[];
}

/** The abandonment event (`abandonment` in the config; context module). */
export interface AbandonmentOptions {
  /**
   * The micro goal tracked for an abandoned funnel. Its props must declare `funnel`, `step`,
   * `goal`, `steps`, `reachedAt` and optional `value` and `currency` (docs/context.md).
   * @default 'funnel_abandoned' (a built-in secondary micro goal)
   */
  goal?: string;
  /**
   * Milliseconds without progress, while the page is open, after which a funnel counts as
   * abandoned. A new session always settles it.
   * @default 1800000
   */
  afterMs?: number;
}
