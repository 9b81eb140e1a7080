import { describe, expect, it } from 'vitest';
import { channelOf, type ChannelName } from '../../src/context/channel';
import { DEFAULT_IGNORED_REFERRERS, readLanding, type Landing } from '../../src/context/landing';

const PAGE = 'https://shop.example/landing';
const utm = (query: string) => `${PAGE}?${query}`;

// [case, landing URL, referrer, channel, source, medium, kind]
type Case = [string, string, string, ChannelName, string, string, Landing['kind']];
const CASES: Case[] = [
  ['no referrer, no tags', PAGE, '', 'Direct', '(direct)', '(none)', 'direct'],
  ['a cross-network campaign', utm('utm_source=google&utm_medium=cpc&utm_campaign=pmax_Cross-Network'), '', 'Cross-network', 'google', 'cpc', 'campaign'],
  ['a shopping campaign on a search engine wins over the engine (rule 3 before 4)', utm('utm_source=google&utm_medium=cpc&utm_campaign=shopping_q4'), '', 'Paid Shopping', 'google', 'cpc', 'campaign'],
  ['a paid click from a shopping source', utm('utm_source=amazon&utm_medium=ppc'), '', 'Paid Shopping', 'amazon', 'ppc', 'campaign'],
  ['google / cpc', utm('utm_source=google&utm_medium=cpc'), '', 'Paid Search', 'google', 'cpc', 'campaign'],
  ['google / cpm is Paid Search, not Display (rule 4 before 7)', utm('utm_source=google&utm_medium=cpm'), '', 'Paid Search', 'google', 'cpm', 'campaign'],
  ['tags in capitals', utm('utm_source=Google&utm_medium=CPC'), '', 'Paid Search', 'Google', 'CPC', 'campaign'],
  ['bing / paid-search', utm('utm_source=bing&utm_medium=paid-search'), '', 'Paid Search', 'bing', 'paid-search', 'campaign'],
  ['facebook / paid_social', utm('utm_source=facebook&utm_medium=paid_social'), '', 'Paid Social', 'facebook', 'paid_social', 'campaign'],
  ['ig / cpc', utm('utm_source=ig&utm_medium=cpc'), '', 'Paid Social', 'ig', 'cpc', 'campaign'],
  ['youtube / cpv', utm('utm_source=youtube&utm_medium=cpv'), '', 'Paid Video', 'youtube', 'cpv', 'campaign'],
  ['adnetwork / cpm is Display (no list source)', utm('utm_source=adnetwork&utm_medium=cpm'), '', 'Display', 'adnetwork', 'cpm', 'campaign'],
  ['a banner', utm('utm_source=publisher&utm_medium=banner'), '', 'Display', 'publisher', 'banner', 'campaign'],
  ['an interstitial', utm('utm_source=publisher&utm_medium=Interstitial'), '', 'Display', 'publisher', 'Interstitial', 'campaign'],
  ['cpc_brand is paid (the regex has cp anywhere)', utm('utm_source=partner&utm_medium=cpc_brand'), '', 'Paid Other', 'partner', 'cpc_brand', 'campaign'],
  ['retargeting', utm('utm_source=adnetwork&utm_medium=retargeting'), '', 'Paid Other', 'adnetwork', 'retargeting', 'campaign'],
  ['an eshop campaign', utm('utm_source=partner&utm_medium=feed&utm_campaign=eshop-launch'), '', 'Organic Shopping', 'partner', 'feed', 'campaign'],
  ['amazon.com as referrer', PAGE, 'https://www.amazon.com/dp/B0', 'Organic Shopping', 'amazon.com', 'referral', 'referral'],
  ['t.co as referrer', PAGE, 'https://t.co/xyz', 'Organic Social', 't.co', 'referral', 'referral'],
  ['news.ycombinator.com, social in the list', PAGE, 'https://news.ycombinator.com/item?id=1', 'Organic Social', 'news.ycombinator.com', 'referral', 'referral'],
  ['social%20media as medium', utm('utm_source=forum&utm_medium=social%20media'), '', 'Organic Social', 'forum', 'social media', 'campaign'],
  ['social+network as medium', utm('utm_source=forum&utm_medium=social+network'), '', 'Organic Social', 'forum', 'social network', 'campaign'],
  ['social-media as medium', utm('utm_source=forum&utm_medium=social-media'), '', 'Organic Social', 'forum', 'social-media', 'campaign'],
  ['fbclid with l.facebook.com as referrer', `${PAGE}?fbclid=IwAR`, 'https://l.facebook.com/', 'Organic Social', 'l.facebook.com', 'referral', 'campaign'],
  ['youtube.com as referrer', PAGE, 'https://www.youtube.com/watch?v=1', 'Organic Video', 'youtube.com', 'referral', 'referral'],
  ['a video medium', utm('utm_source=partner&utm_medium=promo_video'), '', 'Organic Video', 'partner', 'promo_video', 'campaign'],
  ['google.de as referrer', PAGE, 'https://www.google.de/', 'Organic Search', 'google', 'organic', 'referral'],
  ['www.google.co.uk as referrer', PAGE, 'https://www.google.co.uk/', 'Organic Search', 'google', 'organic', 'referral'],
  ['bing.com as referrer', PAGE, 'https://www.bing.com/search?q=tent', 'Organic Search', 'bing', 'organic', 'referral'],
  ['duckduckgo.com as referrer', PAGE, 'https://duckduckgo.com/', 'Organic Search', 'duckduckgo', 'organic', 'referral'],
  ['a Yahoo country search host', PAGE, 'https://uk.search.yahoo.com/', 'Organic Search', 'yahoo', 'organic', 'referral'],
  ['ecosia.org as referrer', PAGE, 'https://www.ecosia.org/', 'Organic Search', 'ecosia', 'organic', 'referral'],
  ['search.seznam.cz, an engine family', PAGE, 'https://search.seznam.cz/', 'Organic Search', 'seznam', 'organic', 'referral'],
  ['m.sogou.com, search in the list', PAGE, 'https://m.sogou.com/web', 'Organic Search', 'sogou', 'organic', 'referral'],
  ['so.com, search in the list under no bare name', PAGE, 'https://www.so.com/s', 'Organic Search', 'so.com', 'organic', 'referral'],
  ['rakuten / affiliate: rakuten is a search source (rule 12 before 15)', utm('utm_source=rakuten&utm_medium=affiliate'), '', 'Organic Search', 'rakuten', 'affiliate', 'campaign'],
  ['msclkid with bing as referrer: GA4 ignores msclkid', `${PAGE}?msclkid=abc`, 'https://www.bing.com/', 'Organic Search', 'bing', 'organic', 'campaign'],
  ['another site', PAGE, 'https://blog.example.org/post/1?ref=a', 'Referral', 'blog.example.org', 'referral', 'referral'],
  ['x.com, absent from the list', PAGE, 'https://x.com/', 'Referral', 'x.com', 'referral', 'referral'],
  ['chatgpt.com, absent from the list', PAGE, 'https://chatgpt.com/', 'Referral', 'chatgpt.com', 'referral', 'referral'],
  ['docs.google.com, no search host', PAGE, 'https://docs.google.com/document/d/1', 'Referral', 'docs.google.com', 'referral', 'referral'],
  ['the Gmail app (android-app://)', PAGE, 'android-app://com.google.android.gm/', 'Referral', 'com.google.android.gm', 'referral', 'referral'],
  ['a workshop campaign, no shopping one', utm('utm_source=partner&utm_medium=link&utm_campaign=workshop'), '', 'Referral', 'partner', 'link', 'campaign'],
  ['newsletter / email', utm('utm_source=newsletter&utm_medium=email'), '', 'Email', 'newsletter', 'email', 'campaign'],
  ['e-mail as medium', utm('utm_source=crm&utm_medium=e-mail'), '', 'Email', 'crm', 'e-mail', 'campaign'],
  ['email as source, no medium', utm('utm_source=email'), '', 'Email', 'email', '(not set)', 'campaign'],
  ['UTMs after a hash router', `${PAGE}#/shop?utm_source=newsletter&utm_medium=E_Mail`, '', 'Email', 'newsletter', 'E_Mail', 'campaign'],
  ['partner / affiliate', utm('utm_source=partner&utm_medium=affiliate'), '', 'Affiliates', 'partner', 'affiliate', 'campaign'],
  ['podcast / audio', utm('utm_source=podcast&utm_medium=audio'), '', 'Audio', 'podcast', 'audio', 'campaign'],
  ['sms as source', utm('utm_source=sms&utm_medium=text'), '', 'SMS', 'sms', 'text', 'campaign'],
  ['firebase as source', utm('utm_source=firebase&utm_medium=app_open'), '', 'Mobile Push Notifications', 'firebase', 'app_open', 'campaign'],
  ['web-push as medium', utm('utm_source=onesignal&utm_medium=web-push'), '', 'Mobile Push Notifications', 'onesignal', 'web-push', 'campaign'],
  ['an unknown medium', utm('utm_source=partner&utm_medium=qr'), '', 'Unassigned', 'partner', 'qr', 'campaign'],
  ['a campaign name alone', utm('utm_campaign=spring'), '', 'Unassigned', '(not set)', '(not set)', 'campaign'],
  ['UTMs replace the referrer', utm('utm_source=google&utm_medium=cpc'), 'https://www.facebook.com/', 'Paid Search', 'google', 'cpc', 'campaign'],
  ['gclid alone: Google auto-tagging', `${PAGE}?gclid=Cj0KCQ`, '', 'Paid Search', 'google', 'cpc', 'campaign'],
  ['gbraid with a google referrer', `${PAGE}?gbraid=0AAAA`, 'https://www.google.com/', 'Paid Search', 'google', 'cpc', 'campaign'],
  ['fbclid alone, no referrer: GA4 ignores fbclid', `${PAGE}?fbclid=IwAR`, '', 'Direct', '(direct)', '(none)', 'campaign'],
  ['dclid alone: no source of its own in the browser', `${PAGE}?dclid=CJ`, '', 'Direct', '(direct)', '(none)', 'campaign'],
  ['a Stripe Checkout return', PAGE, 'https://checkout.stripe.com/c/pay/cs_live_a1', 'Direct', '(direct)', '(none)', 'internal'],
  ['a PayPal return', PAGE, 'https://www.paypal.com/checkoutnow?token=EC-1', 'Direct', '(direct)', '(none)', 'internal'],
  ['a 3-D Secure return', PAGE, 'https://centinelapi.cardinalcommerce.com/V2/Cruise/StepUp', 'Direct', '(direct)', '(none)', 'internal'],
  ['a page of the same site', PAGE, 'https://shop.example/cart', 'Direct', '(direct)', '(none)', 'internal'],
  ['the same site with www.', 'https://www.shop.example/', 'https://shop.example/', 'Direct', '(direct)', '(none)', 'internal'],
];

describe('readLanding → channel', () => {
  it.each(CASES)('%s: %s from %j is %s (%s / %s)', (_case, href, referrer, channel, source, medium, kind) => {
    const landing = readLanding(href, referrer);
    expect({ channel: landing.channel, source: landing.source, medium: landing.medium, kind: landing.kind }).toEqual({ channel, source, medium, kind });
  });

  it('covers every one of the 19 channels', () => {
    expect(new Set(CASES.map((row) => row[3])).size).toBe(19);
  });
});

describe('readLanding', () => {
  it('keeps the landing URL and the referrer as origin + path, without query or hash', () => {
    const landing = readLanding('https://Shop.Example:8443/p/tent?email=a@b.c#top', 'https://www.Example.org/post?id=1#c');
    expect(landing.url).toBe('https://shop.example:8443/p/tent');
    expect(landing.referrer).toBe('https://www.example.org/post');
    expect(landing.source).toBe('example.org');
  });

  it('keeps the campaign and click ids it read', () => {
    const landing = readLanding(`${PAGE}?utm_source=news&utm_medium=email&utm_term=tent&gclid=g1&fbclid=f1`, '');
    expect(landing.campaign).toEqual({ source: 'news', medium: 'email', term: 'tent' });
    expect(landing.clickIds).toEqual({ gclid: 'g1', fbclid: 'f1' });
  });

  it('makes no campaign of utm_term, utm_content or utm_id alone, but keeps them', () => {
    expect(readLanding(utm('utm_term=tent&utm_id=7'), 'https://t.co/x')).toMatchObject({
      kind: 'referral',
      source: 't.co',
      channel: 'Organic Social',
      campaign: { term: 'tent', id: '7' },
    });
  });

  it('keeps an external referrer beside the UTMs that replaced it', () => {
    expect(readLanding(utm('utm_source=news&utm_medium=email'), 'https://mail.example.net/inbox').referrer).toBe('https://mail.example.net/inbox');
  });

  it('sets no campaign, click ids or referrer it did not find', () => {
    expect(Object.keys(readLanding(PAGE, ''))).toEqual(['kind', 'source', 'medium', 'channel', 'url']);
    expect(readLanding(PAGE, 'https://checkout.stripe.com/c/pay').referrer).toBeUndefined();
  });

  it("treats the page's own host, www. stripped, and its sub-domains as the site itself, not a sibling", () => {
    expect(readLanding('https://www.example.com/', 'https://blog.example.com/').kind).toBe('internal');
    expect(readLanding('https://example.com/', 'https://www.example.com/').kind).toBe('internal');
    expect(readLanding('https://blog.example.com/', 'https://shop.example.com/').kind).toBe('referral');
  });

  it('treats the internal hosts, with their sub-domains, as the site itself', () => {
    const options = { internalHosts: ['example.com', 'WWW.Brand.Example'] };
    expect(readLanding(PAGE, 'https://blog.example.com/', options).kind).toBe('internal');
    expect(readLanding(PAGE, 'https://example.com/', options).kind).toBe('internal');
    expect(readLanding(PAGE, 'https://brand.example/', options).kind).toBe('internal');
    expect(readLanding(PAGE, 'https://notexample.com/', options)).toMatchObject({ kind: 'referral', source: 'notexample.com' });
  });

  it('adds ignoreReferrers to the default payment hosts', () => {
    const options = { ignoreReferrers: ['secure.payu.com'] };
    expect(readLanding(PAGE, 'https://secure.payu.com/pay', options)).toMatchObject({ kind: 'internal', channel: 'Direct' });
    expect(readLanding(PAGE, 'https://checkout.stripe.com/', options).kind).toBe('internal');
    expect(readLanding(PAGE, 'https://payu.com/', options).kind).toBe('referral');
  });

  it.each(DEFAULT_IGNORED_REFERRERS.map((host) => [host]))('counts a return from %s as internal', (host) => {
    expect(readLanding(PAGE, `https://${host}/return`)).toMatchObject({ kind: 'internal', source: '(direct)', medium: '(none)', channel: 'Direct' });
  });

  it('does not take a payment host for a look-alike', () => {
    expect(readLanding(PAGE, 'https://notpaypal.com/').kind).toBe('referral');
    expect(readLanding(PAGE, 'https://stripe.com/blog').channel).toBe('Organic Shopping');
  });

  it('does not take google, bing or yahoo look-alikes for search engines', () => {
    for (const host of ['notgoogle.com', 'google.com.evil.io', 'googleusercontent.com', 'accounts.google.com', 'mail.yahoo.com']) {
      expect(readLanding(PAGE, `https://${host}/`)).toMatchObject({ medium: 'referral', source: host });
    }
    expect(readLanding(PAGE, 'https://groups.google.com/g/x')).toMatchObject({ source: 'groups.google.com', channel: 'Organic Social' });
  });

  it('never throws on junk input', () => {
    const junk = ['', 'about:blank', 'not a url', '%%%', 'http://', 'javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'android-app://', 'https://[::1', '/relative?utm_source=x'];
    for (const href of junk) {
      for (const referrer of junk) expect(() => readLanding(href, referrer)).not.toThrow();
    }
    expect(readLanding('about:blank', 'about:blank')).toEqual({ kind: 'direct', source: '(direct)', medium: '(none)', channel: 'Direct', url: 'about:blank' });
    expect(readLanding('/relative?utm_source=x', '')).toMatchObject({ kind: 'campaign', source: 'x', url: '/relative' });
    expect(readLanding(undefined as unknown as string, null as unknown as string)).toMatchObject({ channel: 'Direct', url: '' });
  });
});

describe('channelOf', () => {
  it('tests cross-network on the campaign, not the medium', () => {
    expect(channelOf('partner', 'cross-network')).toBe('Unassigned');
    expect(channelOf('partner', 'cpc', 'brand_cross-network')).toBe('Cross-network');
  });

  it('puts Referral before Email and Email before Affiliates (rules 13 to 15)', () => {
    expect(channelOf('email', 'referral')).toBe('Referral');
    expect(channelOf('email', 'affiliate')).toBe('Email');
  });

  it('takes only the four exact email spellings', () => {
    expect(['email', 'e-mail', 'e_mail', 'e mail', 'E-Mail'].map((medium) => channelOf('crm', medium))).toEqual(Array(5).fill('Email'));
    expect(['hs_email', 'emails', 'newsletter-email'].map((medium) => channelOf('crm', medium))).toEqual(Array(3).fill('Unassigned'));
  });

  it('takes (not set) as well as (none) for Direct, and only with source (direct)', () => {
    expect(channelOf('(direct)', '(not set)')).toBe('Direct');
    expect(channelOf('(DIRECT)', '(NONE)')).toBe('Direct');
    expect(channelOf('(direct)', 'email')).toBe('Email');
    expect(channelOf('(not set)', '(none)')).toBe('Unassigned');
  });

  it("matches the shop regex as GA4 writes it: a leading shop, eshop, _shop and shopping, not workshop", () => {
    expect(['shop', 'eshop', 'q4_shop', 'big-shop', 'xmas shopping', 'Shopping'].map((name) => channelOf('x', 'y', name))).toEqual(Array(6).fill('Organic Shopping'));
    expect(['workshop', 'bookshop', 'shopify'].map((name) => channelOf('x', 'y', name))).toEqual(['Unassigned', 'Unassigned', 'Organic Shopping']);
  });

  it('reads mobile and notification anywhere in the medium for push', () => {
    expect(channelOf('app', 'mobile_banner')).toBe('Mobile Push Notifications');
    expect(channelOf('app', 'in-app-notification')).toBe('Mobile Push Notifications');
  });
});
