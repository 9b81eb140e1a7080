// placeholder until the channel branch lands
import { readCampaign, type Campaign, type ClickIds } from './campaign';
import { channelOf, type ChannelName } from './channel';
export interface Landing { kind: 'campaign' | 'referral' | 'direct' | 'internal'; source: string; medium: string; channel: ChannelName; campaign?: Campaign; clickIds?: ClickIds; url: string; referrer?: string }
export interface LandingOptions { internalHosts?: readonly string[]; ignoreReferrers?: readonly string[] }
export const DEFAULT_IGNORED_REFERRERS: readonly string[] = ['checkout.stripe.com', 'paypal.com'];
export function readLanding(href: string, referrer: string, options: LandingOptions = {}): Landing {
  void options;
  const url = new URL(href);
  const { campaign, clickIds } = readCampaign(href);
  if (campaign?.source || campaign?.medium) {
    const source = campaign.source ?? '(not set)', medium = campaign.medium ?? '(not set)';
    return { kind: 'campaign', source, medium, channel: channelOf(source, medium, campaign.name), campaign, clickIds, url: url.origin + url.pathname };
  }
  let ref: URL | undefined;
  try { ref = new URL(referrer); } catch { /* none */ }
  if (ref && ref.host !== url.host) {
    const source = ref.host.replace(/^www\./, ''), medium = /google|bing/.test(source) ? 'organic' : 'referral';
    return { kind: 'referral', source, medium, channel: channelOf(source, medium), clickIds, url: url.origin + url.pathname, referrer: ref.origin + ref.pathname };
  }
  return { kind: ref ? 'internal' : clickIds ? 'campaign' : 'direct', source: '(direct)', medium: '(none)', channel: 'Direct', clickIds, url: url.origin + url.pathname };
}
