import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CLICK_ID_PARAMS } from '../../src/context/campaign';
import { redactProps, redactText } from '../../src/lib/redact';
import { cleanUrl, paramFilter } from '../../src/lib/redact-url';
import { SEED } from '../support/hostile';

const RUNS = 1000;
const ran: string[] = [];
afterAll(() => {
  // The number of runs, for the CI log.
  process.stdout.write(`redact: ${ran.join(', ')} (fast-check seed ${SEED})\n`);
});

function check<T extends unknown[]>(name: string, property: fc.IProperty<T>, numRuns = RUNS): void {
  fc.assert(property, { seed: SEED, numRuns });
  ran.push(`${numRuns} runs of ${name}`);
}

/** Luhn mod 10, written apart from the module's so that a shared mistake shows. */
function luhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((d, i) => {
    const n = Number(d) * (i % 2 ? 2 : 1);
    sum += n > 9 ? n - 9 : n;
  });
  return sum % 10 === 0;
}

/** Card issuers' first digits (Visa 4, Mastercard 51–55 and 22–27, Amex, Diners and JCB 30–38, Discover 6). */
const ISSUER = /^(4|5[1-5]|2[2-7]|3[0-8]|6)/;

/**
 * Every run of whole digit groups (single spaces or dashes between groups, no digit around the
 * run) of 13–19 digits that starts like a card and passes Luhn: what must never be left in
 * redacted text.
 */
function luhnRuns(text: string): string[] {
  const found: string[] = [];
  for (const span of text.match(/\d+(?:[ -]\d+)*/g) ?? []) {
    const groups = span.split(/[ -]/);
    for (let i = 0; i < groups.length; i++) {
      for (let j = i, digits = ''; j < groups.length; j++) {
        digits += groups[j];
        if (digits.length >= 13 && digits.length <= 19 && ISSUER.test(digits) && luhn(digits)) found.push(digits);
      }
    }
  }
  return found;
}

describe('redactText', () => {
  it.each([
    // E-mail addresses.
    ['jane.doe@example.com', '[email]'],
    ['Write to jane+promo@shop.example.com today', 'Write to [email] today'],
    ['ops@eu.mail.shop.example.co.uk', '[email]'],
    ['JANE.DOE@EXAMPLE.COM', '[email]'],
    ["o'brien_x-1@example.org.", '[email].'],
    ['jane.doe%40example.com', '[email]'],
    ['Mail: jane.doe%40Example.COM, ok', 'Mail: [email], ok'],
    ['<jane@example.com>, bob@example.net', '<[email]>, [email]'],
    // Phones: international forms.
    ['+49 151 12345678', '[phone]'],
    ['+1 (415) 555-2671', '[phone]'],
    ['+4915112345678', '[phone]'],
    ['0044 20 7946 0958', '[phone]'],
    ['+44 (0)20 7946 0958', '[phone]'],
    ['tel:+33-1-23-45-67-89', 'tel:[phone]'],
    // Phones: NANP.
    ['(415) 555-2671', '[phone]'],
    ['415-555-2671', '[phone]'],
    ['415.555.2671', '[phone]'],
    ['call 415 555 2671 now', 'call [phone] now'],
    ['1-800-555-0199', '[phone]'],
    // Phones: national with a trunk 0, one kind of separator.
    ['0151 1234 5678', '[phone]'],
    ['030 1234567', '[phone]'],
    ['030-1234567', '[phone]'],
    ['01 23 45 67 89', '[phone]'],
    ['06.12.34.56.78', '[phone]'],
    // Cards that pass Luhn.
    ['4111 1111 1111 1111', '[card]'],
    ['4111-1111-1111-1111', '[card]'],
    ['4111111111111111', '[card]'],
    ['5555555555554444', '[card]'],
    ['2223003122003222', '[card]'],
    ['378282246310005', '[card]'],
    ['3782 822463 10005', '[card]'],
    ['6011111111111117', '[card]'],
    ['30569309025904', '[card]'],
    ['paid with 4111 1111 1111 1111 exp 12/28', 'paid with [card] exp 12/28'],
    ['4111 1111 1111 1111 123', '[card] 123'],
    ['qty 2 4111111111111111', 'qty 2 [card]'],
    // US SSN.
    ['123-45-6789', '[ssn]'],
    ['SSN: 078-05-1120.', 'SSN: [ssn].'],
    // Several in one sentence.
    [
      'Jane (jane@example.com, +49 151 12345678) paid 4111 1111 1111 1111 for ORD-2024-000123',
      'Jane ([email], [phone]) paid [card] for ORD-2024-000123',
    ],
    ['SSN 123-45-6789, card 5555555555554444, call (415) 555-2671', 'SSN [ssn], card [card], call [phone]'],
  ])('redacts %j', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it.each([
    // Order numbers and SKUs.
    'ORD-2024-000123',
    '#100045',
    '1234567890',
    'Order 20261202-0042',
    'order 004930123456789',
    'SKU-8812-XL',
    'AB-12345-67',
    'INV/2026/0012345',
    // Prices, percentages, quantities.
    '1,299.00',
    '€1.299,00',
    '$19.99',
    '1 299,00 €',
    '1,234,567,890.00',
    '+1,299.00',
    '12.5%',
    '3 x 12 pcs',
    '+15 points',
    // Dates, times, weeks.
    '2026-12-02',
    '02/12/2026',
    '02.12.2026',
    '02-12-2026',
    '2026-12-02T10:15:00Z',
    '2026-12-02T10:15:00+01:00',
    '10:15:30',
    '2026-W49',
    // Versions, postal codes, network addresses.
    '1.2.3',
    'v10.24.1',
    '10115',
    'SW1A 1AA',
    '192.168.100.200',
    // Identifiers.
    '123e4567-e89b-12d3-a456-426614174000',
    'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    '4111 1111 1111 1112',
    '4111111111111112',
    // Never-issued SSNs, and NANP codes that cannot start with 0 or 1.
    '000-12-3456',
    '666-12-3456',
    '900-12-3456',
    '123-00-4567',
    '123-45-0000',
    '100-555-2671',
    '415-155-2671',
    // Not addresses.
    '@handle',
    'user@localhost',
    'SDD@IDD',
    'a@b.c',
    'x@1.2',
    // Digit runs that pass Luhn but start like no card issuer: a millisecond time, an order number.
    '1764662400001',
    'order 9000001234567898',
  ])('leaves %j as it is', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('returns the very string when there is nothing to redact, also past the quick check', () => {
    const order = 'Order 20261202-0042 of 1,299.00 on 2026-12-02';
    expect(redactText(order)).toBe(order);
    expect(redactText('')).toBe('');
  });

  it('treats a bare digit run without + as an order number, never a phone, unless it is a card', () => {
    expect(redactText('4930123456789')).toBe('4930123456789');
    expect(redactText('+4930123456789')).toBe('[phone]');
    // 13 digits that happen to pass Luhn: a card, whatever else they may be.
    expect(redactText('4915112345678')).toBe('[card]');
  });

  it('takes / ? = & # for the local part, as WHATWG does, so a URL glued to an address goes with it', () => {
    expect(redactText('see https://shop.example/u/jane@mail.example?x=1')).toBe('see https:[email]?x=1');
    expect(redactText('?email=jane@mail.example&b=2')).toBe('[email]&b=2');
    expect(redactText('&@a.aa')).toBe('[email]');
  });

  it('takes linear time on long hostile input', () => {
    const started = performance.now();
    const texts = ['a'.repeat(100_000) + '@', '1-'.repeat(50_000), '+1 '.repeat(30_000), '0 12 '.repeat(20_000), `${'a.'.repeat(40_000)}@b`, `a@${'b-'.repeat(40_000)}`];
    for (const text of texts) expect(typeof redactText(text)).toBe('string');
    // Quadratic backtracking over 100,000 characters would take minutes.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('paramFilter', () => {
  const keep = paramFilter();

  it('keeps every utm_ parameter and GA4 site-search names', () => {
    for (const name of ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'utm_id', 'utm_source_platform', 'q', 's', 'search', 'query', 'keyword']) {
      expect(keep(name), name).toBe(true);
    }
  });

  it('keeps every click id that readCampaign reads', () => {
    for (const name of CLICK_ID_PARAMS) expect(keep(name), name).toBe(true);
    expect(keep('ScCid')).toBe(true);
  });

  it('drops an unknown name unless extra lists it, in any case', () => {
    expect(keep('ref')).toBe(false);
    expect(paramFilter(['Ref']).call(null, 'REF')).toBe(true);
    expect(paramFilter(['ref'])('page')).toBe(false);
  });

  it("keeps any name with 'all'", () => {
    expect(paramFilter('all')('ref')).toBe(true);
    expect(paramFilter('all')('page')).toBe(true);
  });

  it.each([
    'email', 'e-mail', 'E_Mail', 'mail', 'user_email', 'customerEmail', 'token', 'access_token', 'id_token', 'refresh_token',
    'accessToken', 'auth', 'authorization', 'password', 'passwd', 'pwd', 'pass', 'secret', 'client_secret', 'api_key',
    'apikey', 'apiKey', 'key', 'code', 'session', 'sessionid', 'session_id', 'PHPSESSID', 'sid', 'phone', 'tel',
    'billing_phone', 'mobile', 'ssn', 'card', 'cc', 'iban', 'name', 'firstname', 'last_name', 'userName', 'address',
    'X-Amz-Signature', 'sig', 'user[email]',
  ])("drops %j whatever the list says, 'all' and extra included", (name) => {
    expect(keep(name)).toBe(false);
    expect(paramFilter('all')(name)).toBe(false);
    expect(paramFilter([name])(name)).toBe(false);
  });

  it('does not take a word inside a longer one for a denied one', () => {
    const all = paramFilter('all');
    for (const name of ['keyword', 'hotel', 'passenger', 'author', 'success', 'page', 'sort']) expect(all(name), name).toBe(true);
  });
});

describe('cleanUrl', () => {
  const keep = paramFilter();
  const clean = (url: string) => cleanUrl(url, keep);

  it.each([
    ['https://shop.example/cart?email=jane%40mail.example&utm_source=news', 'https://shop.example/cart?utm_source=news'],
    ['https://shop.example/reset?token=abc123', 'https://shop.example/reset'],
    ['https://shop.example/login?user=jane&password=hunter2&q=tent', 'https://shop.example/login?q=tent'],
    ['https://shop.example/?utm_source=news&gclid=Cj0KCQ&fbclid=IwAR3&q=tent', 'https://shop.example/?utm_source=news&gclid=Cj0KCQ&fbclid=IwAR3&q=tent'],
    ['https://shop.example/p?ref=abc', 'https://shop.example/p'],
    ['https://shop.example/?', 'https://shop.example/'],
    ['https://shop.example/u/jane@mail.example/orders', 'https://shop.example/u/%5Bemail%5D/orders'],
    ['https://shop.example/u/jane%40mail.example', 'https://shop.example/u/%5Bemail%5D'],
    ['https://shop.example/cb#access_token=ya29.abc&state=xyz&token_type=Bearer', 'https://shop.example/cb'],
    ['https://shop.example/#/route?utm_source=x&email=jane%40mail.example', 'https://shop.example/#/route?utm_source=x'],
    ['https://shop.example/#/products/12', 'https://shop.example/#/products/12'],
    ['https://shop.example/docs#section-2', 'https://shop.example/docs#section-2'],
    ['https://shop.example/?q=red%20shoes&utm_source=x%2By&utm_medium=a+b', 'https://shop.example/?q=red%20shoes&utm_source=x%2By&utm_medium=a+b'],
    ['https://shop.example/?q=call+%2B49+151+12345678', 'https://shop.example/?q=call%20%5Bphone%5D'],
    ['https://shop.example/?Q=a&UTM_SOURCE=b', 'https://shop.example/?Q=a&UTM_SOURCE=b'],
    ['HTTPS://jane:hunter2@Shop.Example:8443/a?utm_id=1', 'HTTPS://Shop.Example:8443/a?utm_id=1'],
    ['https://shop.example/?q=100%&utm_source=%E0%A4', 'https://shop.example/?q=100%&utm_source=%E0%A4'],
    ['https://shop.example/?q=%E0%A4jane%40mail.example', 'https://shop.example/?q=%5Bemail%5D'],
    ['https://shop.example/?q=a&&q=b&=c', 'https://shop.example/?q=a&q=b'],
  ])('cleans %s', (url, expected) => {
    expect(clean(url)).toBe(expected);
  });

  it('keeps an unknown parameter that extra lists, and with all, but drops token in every case', () => {
    expect(cleanUrl('https://shop.example/p?ref=abc&token=t', paramFilter(['ref']))).toBe('https://shop.example/p?ref=abc');
    expect(cleanUrl('https://shop.example/p?ref=abc&page=2&token=t', paramFilter('all'))).toBe('https://shop.example/p?ref=abc&page=2');
  });

  it('passes a relative URL or junk through redactText only', () => {
    expect(clean('')).toBe('');
    expect(clean('/checkout?email=jane@mail.example')).toBe('[email]');
    expect(clean('/orders/12?token=abc')).toBe('/orders/12?token=abc');
    expect(clean('not a url, call +49 151 12345678')).toBe('not a url, call [phone]');
    expect(clean('ftp://files.example/a?token=1')).toBe('ftp://files.example/a?token=1');
    expect(clean('%E0%A4%A')).toBe('%E0%A4%A');
  });

  it('returns nothing, and does not throw, when keep throws', () => {
    const keepThrows = () => {
      throw new Error('bad filter');
    };
    expect(cleanUrl('https://shop.example/?a=1', keepThrows)).toBe('');
  });
});

describe('redactProps', () => {
  it('redacts top-level and nested strings and copies only what changed', () => {
    const nested = { sku: 'SKU-8812-XL' };
    const props = { note: 'call 0151 1234 5678', price: 19.99, items: [nested, { memo: 'jane@mail.example' }], deep: nested };
    const out = redactProps(props);
    expect(out).toEqual({ note: 'call [phone]', price: 19.99, items: [nested, { memo: '[email]' }], deep: nested });
    expect(out).not.toBe(props);
    expect(out.deep).toBe(nested);
    expect((out.items as unknown[])[0]).toBe(nested);
    expect(props.note).toBe('call 0151 1234 5678');
    expect(props.items[1]).toEqual({ memo: 'jane@mail.example' });
  });

  it('leaves the props named in unredacted as they are, at the top level only', () => {
    const props = { email: 'jane@mail.example', user: { email: 'jane@mail.example' } };
    expect(redactProps(props, ['email'])).toEqual({ email: 'jane@mail.example', user: { email: '[email]' } });
  });

  it('returns the same object when nothing changed', () => {
    const props = { sku: 'SKU-8812-XL', price: 1299, tags: ['a', 'b'], at: '2026-12-02T10:15:00Z', none: null };
    expect(redactProps(props)).toBe(props);
    expect(redactProps({})).toEqual({});
  });

  it('stops at 8 levels and never throws, even on a circular or hostile value', () => {
    const nest = (levels: number): unknown => (levels ? { v: nest(levels - 1) } : 'jane@mail.example');
    expect(JSON.stringify(redactProps({ deep: nest(8) }))).toBe(JSON.stringify({ deep: nest(8) }).replace('jane@mail.example', '[email]'));
    const deep = nest(20);
    expect(redactProps({ deep }).deep).toBe(deep);
    const circular: Record<string, unknown> = { note: 'x' };
    circular.self = circular;
    expect(redactProps(circular)).toBe(circular);
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    expect(redactProps(hostile)).toBe(hostile);
    expect(redactProps(null as unknown as Record<string, unknown>)).toBe(null);
  });
});

describe(`redaction properties (fast-check, seed ${SEED})`, () => {
  /** A number that passes Luhn, 13–19 digits, grouped or not. */
  const card = fc
    .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 }), fc.constantFrom('', ' ', '-'), fc.integer({ min: 2, max: 6 }))
    .map(([body, sep, size]) => {
      const check = [...Array(10).keys()].find((d) => luhn(body.join('') + d))!;
      const digits = body.join('') + check;
      return digits.replace(new RegExp(`(\\d{${size}})(?=\\d)`, 'g'), `$1${sep}`);
    });
  /** Text made of the pieces redaction cares about. */
  const pieces = fc
    .array(
      fc.oneof(
        card,
        fc.stringMatching(/^[\d -]{1,12}$/),
        fc.stringMatching(/^\d{3}-\d\d-\d{4}$/),
        fc.emailAddress(),
        fc.constantFrom(' ', '-', '+', '@', '.', '%40', '(', ')', 'a', 'x.co', '00', '0'),
        fc.string(),
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join(''));

  it('redactText never throws, on any string, lone surrogates included, and is idempotent', () => {
    check(
      'redactText(any string)',
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), pieces), (text) => {
        const once = redactText(text);
        expect(redactText(once)).toBe(once);
      }),
    );
  });

  it('leaves no run of 13–19 digits that starts like a card and passes Luhn', () => {
    check(
      'no Luhn run left',
      fc.property(pieces, (text) => {
        expect(luhnRuns(redactText(text))).toEqual([]);
      }),
    );
  });

  it('redacts a generated e-mail address inside a sentence', () => {
    check(
      'an e-mail in a sentence',
      fc.property(fc.emailAddress(), (email) => {
        const out = redactText(`Please write to ${email} today.`);
        expect(out).not.toContain(email.slice(email.indexOf('@')));
        expect(out).toContain('[email] today.');
      }),
    );
  });

  const denied = ['email', 'token', 'access_token', 'password', 'api_key', 'session', 'phone', 'card', 'name', 'code'];
  const name = fc.oneof(fc.constantFrom(...denied, 'utm_source', 'gclid', 'q', 'ref', 'EMAIL', 'Token'), fc.string({ maxLength: 8 }));
  const value = fc.oneof(fc.string({ maxLength: 12 }), fc.emailAddress(), pieces);
  /** A query of encoded pairs (`%`, `&`, `=`, `#` escaped), or written raw as a page may. */
  const query = (encode: boolean) =>
    fc
      .array(fc.tuple(name, value), { maxLength: 6 })
      .map((list) => list.map(([key, val]) => (encode ? `${encodeURIComponent(key)}=${encodeURIComponent(val)}` : `${key}=${val}`)).join('&'));
  /** The decoded names of the query, and of a fragment `#a=b` or `#/route?a=b`, of a cleaned URL. */
  function keysOf(url: string): string[] {
    const hash = url.indexOf('#');
    const main = hash < 0 ? url : url.slice(0, hash);
    const fragment = hash < 0 ? '' : url.slice(hash + 1);
    const queries = [main.includes('?') ? main.slice(main.indexOf('?') + 1) : ''];
    queries.push(fragment.includes('?') ? fragment.slice(fragment.indexOf('?') + 1) : fragment.includes('=') ? fragment : '');
    return queries.flatMap((part) => (part ? part.split('&') : [])).map((pair) => decodeURIComponent(pair.split('=')[0]!.replace(/\+/g, ' ')));
  }
  /** Whether a cleaned URL's name is one `keep` takes, or a name it redacted. */
  const allowed = (keep: (name: string) => boolean, key: string) => keep(key) || /\[(email|phone|card|ssn)\]/.test(key);

  it('cleanUrl never throws, on any string or a URL with a raw query and fragment', () => {
    const raw = fc.tuple(query(false), query(false)).map(([q, h]) => `https://shop.example/p?${q}#${h}`);
    check(
      'cleanUrl(any string)',
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), raw), fc.constantFrom(undefined, ['ref'], 'all' as const), (url, extra) => {
        expect(typeof cleanUrl(url, paramFilter(extra))).toBe('string');
      }),
    );
  });

  it('cleanUrl keeps only names the filter takes, in the query and in a fragment query', () => {
    const url = fc.tuple(fc.webUrl({ withQueryParameters: true }), query(true), query(true), fc.boolean());
    check(
      'cleanUrl(webUrl)',
      fc.property(url, fc.constantFrom(undefined, ['ref'], 'all' as const), ([base, q, h, route], extra) => {
        const keep = paramFilter(extra);
        const out = cleanUrl(`${base}${base.includes('?') ? '&' : '?'}${q}#${route ? '/route?' : ''}${h}`, keep);
        const [, scheme, host] = /^(https?:\/\/)(?:[^@/?#]*@)?([^/?#]*)/.exec(base)!;
        expect(out.startsWith(scheme! + host)).toBe(true);
        for (const key of keysOf(out)) {
          expect(allowed(keep, key), key).toBe(true);
          expect(denied.includes(key.toLowerCase()), key).toBe(false);
        }
      }),
    );
  });

  it('redactProps returns the same props when no string holds personal data, and a copy otherwise', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), pieces, fc.emailAddress());
    const value = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 })) })).node;
    const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
    check(
      'redactProps(any props)',
      fc.property(fc.dictionary(fc.string(), value, { maxKeys: 5 }), (props) => {
        const before = JSON.stringify(props);
        const clean = strings(props).every((s) => redactText(s) === s);
        const out = redactProps(props);
        expect(out === props).toBe(clean);
        expect(JSON.stringify(props)).toBe(before);
      }),
    );
  });
});
