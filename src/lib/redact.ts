// PII redaction in the browser, before the queue (../shared/reference/PRIVACY-HEALTH.md §4, §9.7).
// Patterns take no lookbehind (Safari before 16.4 rejects it at parse time): a left boundary is a
// captured character, `(^|[^\w.,/+-])`, written back in front of the marker.

// WHATWG "valid email address": atext or `.`, then `@` or its escape `%40`, then at least two
// labels, a TLD of letters. Local part ≤ 64 (RFC 5321), which keeps a long run without `@` linear.
const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]{1,64}(?:@|%40)(?:[a-z\d-]{1,63}\.)+[a-z]{2,63}\b/gi;
// Phones and SSNs, one pattern: a left boundary that no number, word, path or sum continues
// (`ORD-2024-...`, `v1.2`, `1+2`), then an SSN (area 000, 666, 9xx, group 00, serial 0000 are never
// issued), an international number (`+` or `00`, country code not starting with 0; `00` only with
// a separator, so a bare `0049...` stays an order number), a national one with a trunk 0 and one
// kind of separator (`0151 1234 5678`), or NANP (`(415) 555-2671`, `415.555.2671`,
// `1-800-555-0199`); then nothing that runs on (`...-2671x`, `...5678.5`).
const PHONE =
  /(^|[^\w.,/+-])((?!000|666|9)\d{3}-(?!00)\d\d-(?!0000)\d{4}()|\(?(?:\+|00(?=[1-9]\d*[ .()-]))[1-9]\d*\)?(?:(?:[ .-]?\(\d+\) ?|[ .-])\d+)*|0[1-9]\d*([ .-])\d{2,}(?:\4\d{2,})*|(?:1[ .-])?(?:\([2-9]\d\d\) ?|[2-9]\d\d[ .-])[2-9]\d\d[ .-]\d{4})(?![.,-]?\w)/g;
/** Digit groups joined by single spaces or dashes: where a card number can hide. */
const DIGITS = /\d+(?:[ -]\d+)*/g;

/** Luhn mod 10: from the right, double every second digit, subtract 9 above 9; valid iff sum ≡ 0. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length, even = 0; i--; even ^= 1) {
    const d = +digits[i]! * (even + 1);
    sum += d > 9 ? d - 9 : d;
  }
  return sum % 10 == 0;
}

/**
 * Issuer prefixes (PRIVACY-HEALTH.md §4): Visa 4, Mastercard 51–55 and 22–27, Amex 34/37, Diners
 * 30/36/38, JCB 35, Discover and UnionPay 6. A 13-digit millisecond time or an order number that
 * starts with 1, 7, 8, 9 or 0 is no card, even when it passes Luhn.
 */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[0-8]|6)/;

/** The first whole groups of a digit span that make 13–19 digits and pass Luhn become `[card]`. */
function cards(span: string): string {
  const parts = span.split(/([ -])/);
  for (let i = 0; i < parts.length; i += 2) {
    for (let j = i, digits = ''; j < parts.length && (digits += parts[j]).length < 20; j += 2) {
      if (digits.length > 12 && CARD_PREFIX.test(digits) && luhn(digits)) {
        // Blanked in place, not spliced: a span of many cards stays linear.
        parts.fill('', i + 1, j + 1)[i] = '[card]';
        i = j;
        break;
      }
    }
  }
  return parts.join('');
}

/** An SSN; 7–15 digits after `+`, in NANP, or after `00` or a trunk 0 (which makes `02-12-2026` a date). */
function phone(match: string, left: string, body: string, ssn?: string): string {
  const n = body.replace(/\D/g, '').length - (body[0] == '0' ? 2 : 0);
  return ssn == '' ? `${left}[ssn]` : n > 6 && n < 16 ? `${left}[phone]` : match;
}

/**
 * What may hold something to redact: an `@` or `%` (`%40`), or 7 digits. A loop over char codes:
 * it runs on every string prop of every event, and costs a twentieth of the regular expression it
 * replaced (`/@|%40|(?:\d\D*){7}/`, 0.48 µs on a 9-character SKU in Node).
 */
function suspect(text: string): boolean {
  for (let i = 0, digits = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 64 || code === 37 || (code > 47 && code < 58 && ++digits > 6)) return true;
  }
  return false;
}

/**
 * Replaces personal data in free text with a marker: e-mail addresses (also `%40`-encoded) with
 * `[email]`, phone numbers in international (`+49 151 12345678`, `0044 20 7946 0958`) or
 * separated national form (`(415) 555-2671`, `0151 1234 5678`) with `[phone]`, 13–19-digit card
 * numbers that pass Luhn with `[card]`, US SSNs with `[ssn]`. Order numbers, SKUs, prices, dates,
 * versions and bare digit runs stay. Returns `text` itself when nothing matched; idempotent;
 * never throws.
 * @example
 * redactText('Mail jane@shop.example or call +1 (415) 555-2671, order 100045');
 * // 'Mail [email] or call [phone], order 100045'
 */
export function redactText(text: string): string {
  if (typeof text != 'string' || !suspect(text)) return text;
  // Until nothing changes: a marker can free a neighbour that a longer run had hidden.
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(EMAIL, '[email]').replace(PHONE, phone).replace(DIGITS, cards);
  }
  return text;
}

/**
 * Props with every string (top level, and inside arrays and objects up to 8 levels deep) passed
 * through {@link redactText}, except the top-level props named in `unredacted`. Returns `props`
 * itself when nothing changed, else a shallow copy with the changed values. Never throws.
 * @default unredacted: none
 * @example
 * redactProps({ note: 'call 0151 1234 5678', sku: 'SKU-8812-XL', email: 'a@b.example' }, ['email']);
 * // { note: 'call [phone]', sku: 'SKU-8812-XL', email: 'a@b.example' }
 */
export function redactProps(props: Record<string, unknown>, unredacted?: readonly string[]): Record<string, unknown> {
  try {
    return walk(props, 0, unredacted) as Record<string, unknown>;
  } catch {
    return props;
  }
}

/** `value` with its strings redacted, the same value when none changed. */
function walk(value: unknown, depth: number, skip?: readonly string[]): unknown {
  if (typeof value == 'string') return redactText(value);
  if (!value || typeof value != 'object' || depth > 8) return value;
  let out = value as Record<string, unknown>;
  for (const key in value) {
    if (skip && skip.includes(key)) continue;
    const item = (value as Record<string, unknown>)[key];
    const redacted = walk(item, depth + 1);
    if (redacted === item) continue;
    if (out === value) out = Array.isArray(value) ? (value.slice() as unknown as Record<string, unknown>) : { ...out };
    out[key] = redacted;
  }
  return out;
}
