import { readCampaign, type Campaign, type ClickIds } from './campaign';
import { channelOf, type ChannelName } from './channel';
import { sourceCategory } from './source-categories';

/**
 * How a page load arrived, with source and medium filled as GA4 would fill them.
 * @example
 * const landing: Landing = { kind: 'referral', source: 't.co', medium: 'referral', channel: 'Organic Social', url: 'https://shop.example/', referrer: 'https://t.co/abc' };
 */
export interface Landing {
  /** `campaign`: UTM or click id; `referral`: an external referrer (search engines included); `direct`: neither; `internal`: from the site itself or a payment/3-D Secure return (never a new touch). */
  kind: 'campaign' | 'referral' | 'direct' | 'internal';
  /** GA4's session source: `utm_source`, `google`, the engine or referring host, `(direct)`. */
  source: string;
  /** GA4's session medium: `utm_medium`, `cpc`, `organic`, `referral`, `(none)`. */
  medium: string;
  /** GA4's default channel group of source, medium and campaign name. */
  channel: ChannelName;
  /** The UTM parameters of the landing URL, when it has any. */
  campaign?: Campaign;
  /** The click ids of the landing URL, when it has any. */
  clickIds?: ClickIds;
  /** The landing page, origin + path (no query: it can hold personal data). */
  url: string;
  /** The external referrer, origin + path, when there is one. */
  referrer?: string;
}

/**
 * Which referrers are the site itself or no touch at all.
 * @example
 * readLanding(location.href, document.referrer, { internalHosts: ['example.com'], ignoreReferrers: ['secure.payu.com'] });
 */
export interface LandingOptions {
  /** Hosts (or host suffixes: `example.com` also covers `shop.example.com`) that are the site itself. The page's own host is always one. @default [] */
  internalHosts?: readonly string[];
  /** Referrer hosts (suffix match) never counted as a referral, added to DEFAULT_IGNORED_REFERRERS. @default [] */
  ignoreReferrers?: readonly string[];
}

/**
 * Payment and 3-D Secure hosts a buyer returns from (suffix match): a return from them keeps the
 * session's channel instead of starting an "Organic Shopping" or "Referral" one. Each family and
 * why it is here: docs/channels.md "Payment returns".
 * @example
 * readLanding(href, referrer, { ignoreReferrers: [...DEFAULT_IGNORED_REFERRERS, 'pay.example-bank.com'] });
 */
export const DEFAULT_IGNORED_REFERRERS: readonly string[] = [
  // Stripe: hosted Checkout, redirects of 3-D Secure and bank methods, Payment Links.
  'checkout.stripe.com', 'hooks.stripe.com', 'buy.stripe.com',
  // Wallets and buy-now-pay-later checkouts.
  'paypal.com', 'klarna.com', 'afterpay.com', 'pay.google.com', 'pay.shopify.com', 'checkout.shopify.com',
  // Gateways' hosted payment pages.
  'adyen.com', 'mollie.com', 'worldpay.com',
  // 3-D Secure: Cardinal Commerce (Visa) and Broadcom's Arcot access control servers.
  'cardinalcommerce.com', 'arcot.com',
];

// The big engines under any country domain GA4 files as organic: google.de, www.google.co.uk,
// yandex.com.tr, cn.bing.com, uk.search.yahoo.com, m.baidu.com, lite.qwant.com.
const ENGINE = /^((m|search|images|html|lite|[a-z]{2})\.)*(google|bing|yahoo|duckduckgo|yandex|baidu|ecosia|qwant|naver|seznam)\.((com?|ne)\.)?[a-z]{2,3}$/;

const strip = (host: string) => host.toLowerCase().replace(/^www\./, '');
const within = (host: string, domains: readonly string[]) =>
  domains.some((domain) => (domain = strip(domain)) !== '' && (host === domain || host.endsWith(`.${domain}`)));

/** Origin + path, without the query and hash that can hold personal data. */
const place = (url: URL) => `${url.protocol}//${url.host.toLowerCase()}${url.pathname}`;

function parse(href: string): URL | undefined {
  try {
    const url = new URL(href);
    // android-app://com.google.android.gm/ is the Gmail app; about:, data:, file: are no referrer.
    return /^(https?|android-app):$/.test(url.protocol) && url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}

/** `google` for a search engine's host, else the host's name when the list has it as search. */
function engineName(host: string): string | undefined {
  const category = sourceCategory(host);
  const engine = ENGINE.exec(host);
  if (category ? category !== 'search' : !engine) return undefined;
  if (engine) return engine[3];
  // seznam.cz → seznam, search.aol.co.uk → aol: GA4 names an engine, not its host.
  const labels = host.split('.').slice(0, -1);
  if (labels.length > 1 && /^(com?|ne|or)$/.test(labels[labels.length - 1]!)) labels.pop();
  const name = labels.pop()!;
  return sourceCategory(name) === 'search' ? name : host;
}

/**
 * How a page load arrived, as GA4 would fill source and medium: UTMs first (they replace the
 * referrer), then Google's click ids (`google / cpc`), then the referrer (a search engine is
 * `organic`, another site `referral`), else `(direct) / (none)`. A referrer from the site itself
 * or a payment return is `internal`. Never throws.
 * @example
 * readLanding('https://shop.example/?gclid=abc', '').channel; // 'Paid Search'
 * readLanding('https://shop.example/', 'https://www.google.de/').source; // 'google'
 */
export function readLanding(href: string, referrer: string, options: LandingOptions = {}): Landing {
  const { campaign, clickIds } = readCampaign(href);
  const page = parse(href);
  const from = parse(referrer);
  const host = from ? strip(from.hostname) : '';
  const own = [...(page ? [page.hostname] : []), ...(options.internalHosts ?? [])];
  const internal = !!from && (within(host, own) || within(host, DEFAULT_IGNORED_REFERRERS) || within(host, options.ignoreReferrers ?? []));
  const tagged = !!campaign && !!(campaign.source || campaign.medium || campaign.name);
  const landing: Landing = {
    kind: tagged || clickIds ? 'campaign' : internal ? 'internal' : from ? 'referral' : 'direct',
    source: '(direct)',
    medium: '(none)',
    channel: 'Direct',
    url: page ? place(page) : String(href ?? '').split(/[?#]/)[0]!,
  };
  if (campaign) landing.campaign = campaign;
  if (clickIds) landing.clickIds = clickIds;
  if (from && !internal) landing.referrer = place(from);
  if (campaign && tagged) {
    landing.source = campaign.source ?? '(not set)';
    landing.medium = campaign.medium ?? '(not set)';
  } else if (clickIds && (clickIds.gclid || clickIds.gbraid || clickIds.wbraid)) {
    landing.source = 'google';
    landing.medium = 'cpc';
  } else if (from && !internal) {
    const engine = engineName(host);
    landing.source = engine ?? strip(from.host);
    landing.medium = engine ? 'organic' : 'referral';
  }
  landing.channel = channelOf(landing.source, landing.medium, campaign?.name);
  return landing;
}
