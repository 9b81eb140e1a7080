// placeholder until the channel branch lands
export type ChannelName = 'Direct' | 'Cross-network' | 'Paid Shopping' | 'Paid Search' | 'Paid Social' | 'Paid Video' | 'Display' | 'Paid Other' | 'Organic Shopping' | 'Organic Social' | 'Organic Video' | 'Organic Search' | 'Referral' | 'Email' | 'Affiliates' | 'Audio' | 'SMS' | 'Mobile Push Notifications' | 'Unassigned';
export function channelOf(source: string, medium: string, campaign?: string): ChannelName { void campaign; return source === '(direct)' && medium === '(none)' ? 'Direct' : 'Unassigned'; }
