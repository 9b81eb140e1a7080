/**
 * UTM parameters of a landing, under Segment's names (`utm_campaign` is `name`). Only keys
 * present in the URL are set.
 * @example
 * const campaign: Campaign = { source: 'newsletter', medium: 'email', name: 'spring sale' };
 */
export interface Campaign {
  /** `utm_source`: who sent the visit (`google`, `newsletter`). */
  source?: string;
  /** `utm_medium`: how (`cpc`, `email`, `social`). */
  medium?: string;
  /** `utm_campaign`. */
  name?: string;
  /** `utm_term`: the paid keyword. */
  term?: string;
  /** `utm_content`: which ad or link. */
  content?: string;
  /** `utm_id`: the campaign id. */
  id?: string;
}

/**
 * Ad platforms' click ids found on a landing URL, by parameter name (`gclid`, `fbclid`...).
 * @example
 * const ids: ClickIds = { gclid: 'Cj0KCQ', fbclid: 'IwAR3' };
 */
export type ClickIds = { [param: string]: string };

/**
 * The click-id parameters read from a landing URL, by name. `ScCid` (Snapchat) is matched in any
 * case and kept as `sccid`; every other name is matched exactly, lowercase.
 * @example
 * CLICK_ID_PARAMS.includes('gclid'); // true
 */
export const CLICK_ID_PARAMS = [
  // Google Ads (gclid, iOS gbraid/wbraid, gad_*, gclsrc), Google display (dclid), Merchant Center.
  'gclid', 'gbraid', 'wbraid', 'dclid', 'gad_source', 'gad_campaignid', 'gclsrc', 'srsltid',
  // Meta, Microsoft, TikTok, LinkedIn, X, Pinterest, Reddit, Snapchat, Quora.
  'fbclid', 'msclkid', 'ttclid', 'li_fat_id', 'twclid', 'epik', 'rdt_cid', 'sccid', 'qclid',
  // Impact (affiliates), Instagram shares, Mailchimp and Klaviyo emails.
  'irclickid', 'igshid', 'mc_cid', '_kx',
] as const;

/** Longest UTM value kept: longer ones are cut (a campaign name is a label, not a payload). */
export const MAX_UTM_LENGTH = 200;
/** Longest click id kept: Google's gclid runs to ~100 characters, Meta's fbclid to ~200. */
export const MAX_CLICK_ID_LENGTH = 512;

// Two parallel lists rather than an object, so a parameter named `constructor` finds nothing.
const UTM_PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'utm_id'];
const UTM_KEYS: readonly (keyof Campaign)[] = ['source', 'medium', 'name', 'term', 'content', 'id'];

/** `+` is a space in a query; a malformed escape (`%E0%A4%A`) keeps the text as written. */
function decode(value: string): string {
  const spaced = value.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** The query of `href`, then the query a hash router keeps after `#` (`/#/shop?utm_source=x`). */
function queries(href: string): string[] {
  const hash = href.indexOf('#');
  const main = hash < 0 ? href : href.slice(0, hash);
  const route = hash < 0 ? '' : href.slice(hash + 1);
  const at = (part: string) => (part.includes('?') ? part.slice(part.indexOf('?') + 1) : '');
  return [at(main), at(route)];
}

/**
 * Reads utm_source/medium/campaign/term/content/id and the click ids from a URL. Values are
 * decoded (`+` and `%20` are spaces), trimmed and cut to {@link MAX_UTM_LENGTH} or
 * {@link MAX_CLICK_ID_LENGTH}; empty ones are skipped. The first occurrence of a parameter wins,
 * and the real query wins over a query after the hash. Never throws.
 * @example
 * readCampaign('https://shop.example/?utm_source=news&utm_medium=email&gclid=abc');
 * // { campaign: { source: 'news', medium: 'email' }, clickIds: { gclid: 'abc' } }
 */
export function readCampaign(href: string): { campaign?: Campaign; clickIds?: ClickIds } {
  const campaign: Campaign = {};
  const clickIds: ClickIds = {};
  const found: { campaign?: Campaign; clickIds?: ClickIds } = {};
  for (const query of queries(typeof href === 'string' ? href : '')) {
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const key = UTM_KEYS[UTM_PARAMS.indexOf(name)];
      const id = name.toLowerCase() === 'sccid' ? 'sccid' : (CLICK_ID_PARAMS as readonly string[]).includes(name) ? name : '';
      if (eq < 0 || (!key && !id)) continue;
      const value = decode(pair.slice(eq + 1)).trim().slice(0, key ? MAX_UTM_LENGTH : MAX_CLICK_ID_LENGTH).trim();
      if (!value) continue;
      if (key && !(key in campaign)) (found.campaign = campaign)[key] = value;
      if (id && !(id in clickIds)) (found.clickIds = clickIds)[id] = value;
    }
  }
  return found;
}
