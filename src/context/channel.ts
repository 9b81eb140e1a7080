import { sourceCategory } from './source-categories';

/**
 * A channel of GA4's default channel group.
 * @example
 * const channel: ChannelName = 'Organic Search';
 */
export type ChannelName =
  | 'Direct'
  | 'Cross-network'
  | 'Paid Shopping'
  | 'Paid Search'
  | 'Paid Social'
  | 'Paid Video'
  | 'Display'
  | 'Paid Other'
  | 'Organic Shopping'
  | 'Organic Social'
  | 'Organic Video'
  | 'Organic Search'
  | 'Referral'
  | 'Email'
  | 'Affiliates'
  | 'Audio'
  | 'SMS'
  | 'Mobile Push Notifications'
  | 'Unassigned';

// GA4's regexes as Google writes them (docs/channels.md): `cpc_brand` is paid, `eshop` and
// `_shop` are shopping campaigns, `workshop` is not.
const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;
const SHOP = /^(.*(([^a-df-z]|^)shop|shopping).*)$/;
const DISPLAY = /^(display|banner|expandable|interstitial|cpm)$/;
// social, social-network, social-media, sm, social network, social media
const SOCIAL = /^(social([- ](network|media))?|sm)$/;
// Exactly email, e-mail, e_mail, e mail: the one-of reading of Google's table (not "contains").
const EMAIL = /^e[-_ ]?mail$/;

/**
 * GA4's default channel group for a session's source, medium and campaign name: the rules in
 * GA4's order, first match wins, case-insensitive.
 * @example
 * channelOf('google', 'cpc'); // 'Paid Search'
 * channelOf('google', 'cpc', 'shopping_q4'); // 'Paid Shopping'
 * channelOf('newsletter', 'email'); // 'Email'
 */
export function channelOf(source: string, medium: string, campaign?: string): ChannelName {
  const s = String(source).toLowerCase();
  const m = String(medium).toLowerCase();
  const c = String(campaign ?? '').toLowerCase();
  const category = sourceCategory(s);
  const paid = PAID.test(m);
  const shop = category === 'shopping' || SHOP.test(c);
  if (s === '(direct)' && (m === '(none)' || m === '(not set)')) return 'Direct';
  if (c.includes('cross-network')) return 'Cross-network';
  if (paid && shop) return 'Paid Shopping';
  if (paid && category === 'search') return 'Paid Search';
  if (paid && category === 'social') return 'Paid Social';
  if (paid && category === 'video') return 'Paid Video';
  if (DISPLAY.test(m)) return 'Display';
  if (paid) return 'Paid Other';
  if (shop) return 'Organic Shopping';
  if (category === 'social' || SOCIAL.test(m)) return 'Organic Social';
  if (category === 'video' || m.includes('video')) return 'Organic Video';
  if (category === 'search' || m === 'organic') return 'Organic Search';
  if (m === 'referral' || m === 'app' || m === 'link') return 'Referral';
  if (EMAIL.test(s) || EMAIL.test(m)) return 'Email';
  if (m === 'affiliate') return 'Affiliates';
  if (m === 'audio') return 'Audio';
  if (s === 'sms' || m === 'sms') return 'SMS';
  if (m.endsWith('push') || m.includes('mobile') || m.includes('notification') || s === 'firebase') return 'Mobile Push Notifications';
  return 'Unassigned';
}
