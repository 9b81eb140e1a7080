import { describe, expect, it } from 'vitest';
import { CLICK_ID_PARAMS, MAX_CLICK_ID_LENGTH, MAX_UTM_LENGTH, readCampaign } from '../../src/context/campaign';

const at = (query: string) => readCampaign(`https://shop.example/landing?${query}`);

describe('readCampaign', () => {
  it('reads the six UTM parameters under Segment names', () => {
    expect(at('utm_source=news&utm_medium=email&utm_campaign=spring&utm_term=tent&utm_content=hero&utm_id=42')).toEqual({
      campaign: { source: 'news', medium: 'email', name: 'spring', term: 'tent', content: 'hero', id: '42' },
    });
  });

  it('sets only the keys present in the URL', () => {
    expect(at('utm_source=news&page=2')).toEqual({ campaign: { source: 'news' } });
  });

  it('decodes + and %20 to spaces and other escapes to their characters', () => {
    expect(at('utm_medium=social%20media&utm_campaign=summer+sale&utm_term=caf%C3%A9%2Bbar').campaign).toEqual({
      medium: 'social media',
      name: 'summer sale',
      term: 'café+bar',
    });
  });

  it('keeps the raw value when an escape is malformed, and does not throw', () => {
    expect(at('utm_source=100%&utm_campaign=a%E0%A4+c').campaign).toEqual({ source: '100%', name: 'a%E0%A4 c' });
  });

  it('trims values and skips empty ones', () => {
    expect(at('utm_source=+%20news%20+&utm_medium=&utm_campaign=%20%20&utm_term')).toEqual({ campaign: { source: 'news' } });
  });

  it(`cuts UTM values at ${MAX_UTM_LENGTH} characters and click ids at ${MAX_CLICK_ID_LENGTH}`, () => {
    const found = at(`utm_campaign=${'c'.repeat(300)}&gclid=${'g'.repeat(600)}`);
    expect(found.campaign!.name).toBe('c'.repeat(MAX_UTM_LENGTH));
    expect(found.clickIds!.gclid).toBe('g'.repeat(MAX_CLICK_ID_LENGTH));
  });

  it('reads every listed click id by its exact lowercase name', () => {
    const query = CLICK_ID_PARAMS.map((param, i) => `${param}=v${i}`).join('&');
    expect(at(query).clickIds).toEqual(Object.fromEntries(CLICK_ID_PARAMS.map((param, i) => [param, `v${i}`])));
  });

  it('matches parameter names exactly, so GCLID and UTM_SOURCE are not read', () => {
    expect(at('GCLID=a&UTM_SOURCE=b&Utm_medium=c&fbclid_x=d')).toEqual({});
  });

  it("matches Snapchat's ScCid in any case and stores it as sccid", () => {
    expect(at('ScCid=snap1').clickIds).toEqual({ sccid: 'snap1' });
    expect(at('SCCID=snap2').clickIds).toEqual({ sccid: 'snap2' });
  });

  it('keeps the first of a repeated parameter', () => {
    expect(at('utm_source=first&utm_source=second&gclid=one&gclid=two')).toEqual({
      campaign: { source: 'first' },
      clickIds: { gclid: 'one' },
    });
  });

  it('reads a query a hash router keeps after the hash', () => {
    expect(readCampaign('https://shop.example/#/shop?utm_source=x&utm_medium=y&fbclid=f')).toEqual({
      campaign: { source: 'x', medium: 'y' },
      clickIds: { fbclid: 'f' },
    });
    expect(readCampaign('https://shop.example/#!/shop?utm_source=bang').campaign).toEqual({ source: 'bang' });
  });

  it('lets the real query win over the query after the hash, key by key', () => {
    expect(readCampaign('https://shop.example/?utm_source=real#/shop?utm_source=hash&utm_medium=hashed')).toEqual({
      campaign: { source: 'real', medium: 'hashed' },
    });
  });

  it('does not read a hash fragment that is no query', () => {
    expect(readCampaign('https://shop.example/page#utm_source=anchor')).toEqual({});
  });

  it('finds no parameter named after an Object property', () => {
    expect(at('constructor=x&__proto__=y&toString=z&hasOwnProperty=w')).toEqual({});
  });

  it('returns an empty object, with no empty campaign or clickIds, when nothing is found', () => {
    for (const href of ['https://shop.example/', 'https://shop.example/?page=2&q=tent', 'about:blank', '', 'not a url', '?', '#?', '?=&&=x']) {
      expect(readCampaign(href)).toEqual({});
      expect(Object.keys(readCampaign(href))).toEqual([]);
    }
  });

  it('does not throw on junk input', () => {
    expect(readCampaign(undefined as unknown as string)).toEqual({});
    expect(readCampaign('%%%?utm_source=%&gclid=%ZZ')).toEqual({ campaign: { source: '%' }, clickIds: { gclid: '%ZZ' } });
  });
});
