// Page URLs and referrers fit to send: query parameters outside an allow-list dropped, the rest
// redacted (./redact.ts). Works on the raw string, so that what is kept keeps its bytes.
import { redactText } from './redact';

// Ad click ids, as CLICK_ID_PARAMS in ../context/campaign.ts (a unit test holds the two together;
// that module carries the whole campaign reader, this one is in the core, and the pattern is a
// third of the list's size): `gclid`, `msclkid`, `irclickid`, `sccid`, `mc_cid` all end in `cid`,
// `clid`, `clkid` or `clickid`.
const ALLOW = /^(utm_\w+|q|s|search|query|keyword|\w*(c(l(ic)?k?)?id|braid)|gad_\w+|gclsrc|srsltid|li_fat_id|epik|igshid|_kx)$/i;
// Words for a secret or personal data: short ones as a whole part of the name (`api_key`,
// `user[tel]`, not `keyword` or `hotel`), the others anywhere (`accessToken`, `billing_phone`).
const DENY =
  /(^|[\W_])(pass|pwd|auth(orization)?|key|sid|tel|cc|ssn|sig)([\W_]|$)|mail|token|secret|passw|sess(ion|id)|code|phone|mobile|card|iban|name|address|signature|apikey/i;

/**
 * Which query parameters a URL keeps: `utm_*`, ad click ids (`gclid`, `fbclid`...), GA4's
 * site-search names (`q`, `s`, `search`, `query`, `keyword`) and `extra`, in any case; `'all'`
 * keeps every name. Names of secrets or personal data (`email`, `token`, `password`, `code`,
 * `session`, `phone`, `card`, `name`, `user_email`, `accessToken`...) are dropped in every case.
 * @default extra: none
 * @example
 * const keep = paramFilter(['ref']);
 * keep('utm_source'); // true
 * keep('ref'); // true
 * keep('email'); // false
 */
export function paramFilter(extra?: readonly string[] | 'all'): (name: string) => boolean {
  const names = extra == 'all' ? 0 : (extra || []).map((name) => name.toLowerCase());
  return (name) => !DENY.test(name) && (!names || ALLOW.test(name) || names.includes(name.toLowerCase()));
}

/** `+` is a space in a query; a malformed escape (`%E0%A4`) is tested as written. */
function decode(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** `raw` as it was, or its decoded text redacted and encoded again (`%5Bemail%5D`). */
function fix(raw: string, redact: (text: string) => string): string {
  const text = decode(raw);
  const redacted = redact(text);
  return redacted === text ? raw : encodeURIComponent(redacted);
}

/** The pairs of a raw query that `keep` accepts, names and values redacted, in their order. */
function query(raw: string, keep: (name: string) => boolean, redact: (text: string) => string): string {
  return raw
    .split('&')
    .filter((pair) => pair && keep(decode(pair.split('=')[0]!)))
    .map((pair) => pair.split('=').map((part) => fix(part, redact)).join('='))
    .join('&');
}

/**
 * A path (or hash route) with each segment redacted, its bytes kept where nothing was found.
 * @example
 * cleanPath('/u/jane%40mail.example/orders', redactText) // '/u/%5Bemail%5D/orders'
 */
export const cleanPath = (raw: string, redact: (text: string) => string = redactText): string => raw.split('/').map((part) => fix(part, redact)).join('/');
const path = cleanPath;

/** `text` after `sign`, or nothing when `text` is empty (no bare `?` or `#`). */
const mark = (sign: string, text: string) => text && sign + text;

/** A path, then a query after the first `?`, filtered. */
function route(raw: string, keep: (name: string) => boolean, redact: (text: string) => string): string {
  const at = raw.indexOf('?');
  return at < 0 ? path(raw, redact) : path(raw.slice(0, at), redact) + mark('?', query(raw.slice(at + 1), keep, redact));
}

// Scheme, user and password (dropped), host with path and query, fragment.
const HTTP_URL = /^(https?:\/\/)(?:[^@/?#]*@)?([^#]*)(?:#([^]*))?$/i;

/**
 * A page URL or referrer fit to send: query parameters `keep` refuses are dropped (also in a
 * fragment that holds a query, as OAuth's `#access_token=`), user and password are dropped, the
 * path, kept values and the fragment pass through `redact` ({@link redactText}, or nothing when
 * the config turns redaction off). Everything else keeps its bytes. A string that is not an
 * absolute http(s) URL goes through `redact` only. Never throws.
 * @example
 * cleanUrl('https://shop.example/u/jane%40mail.example?utm_source=x&token=abc#top', paramFilter());
 * // 'https://shop.example/u/%5Bemail%5D?utm_source=x#top'
 */
export function cleanUrl(url: string, keep: (name: string) => boolean, redact: (text: string) => string = redactText): string {
  try {
    const parts = HTTP_URL.exec(url);
    if (!parts) return redact(url);
    const [, scheme, main, hash] = parts as unknown as string[];
    // A fragment with `=` and no `?` is a query itself (OAuth's implicit flow: `#access_token=`).
    const fragment = !hash ? '' : !hash.includes('?') && hash.includes('=') ? query(hash, keep, redact) : route(hash, keep, redact);
    return scheme! + route(main!, keep, redact) + mark('#', fragment);
  } catch {
    return '';
  }
}
