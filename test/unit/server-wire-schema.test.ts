import { describe, expect, it } from 'vitest';
import { getBatchSchema } from '../../src/server/wire-schema';
import { WIRE_VERSION } from '../../src/server/index';
import { buildBatchBody } from '../../src/transport/batch-body';
import { WIRE_VERSION as BROWSER_WIRE_VERSION } from '../../src';
import { makeBatch, makeEvent } from './server-helpers';

describe('wire schema', () => {
  it('is version 1 and built once, on first use', () => {
    expect(WIRE_VERSION).toBe(1);
    expect(getBatchSchema()).toBe(getBatchSchema());
  });

  it('accepts the example batch of docs/wire-format.md', () => {
    const example = {
      v: 1,
      sentAt: 1764000000500,
      dropped: 3,
      context: {
        anonymousId: 'a_8f2kq0',
        sessionId: 's_1764000000000',
        page: { url: 'https://shop.example/checkout', path: '/checkout', title: 'Checkout', referrer: '' },
        library: { name: 'cairn', version: '0.1.0' },
      },
      events: [
        {
          id: 'V1StGXR8_Z5jdHi6B-myT',
          goal: 'purchase',
          kind: 'macro',
          stage: 'checkout',
          value: 59.9,
          currency: 'EUR',
          ts: 1764000000000,
          seq: 12,
          props: { orderId: 'o-1', items: [{ sku: 'A-1', qty: 2 }], coupon: null },
          trigger: 'submit',
          context: { page: { url: 'https://shop.example/thanks', path: '/thanks' } },
        },
      ],
    };
    expect(getBatchSchema().safeParse(example).success).toBe(true);
  });

  it('accepts what the browser sends, and both sides speak the same version', () => {
    expect(BROWSER_WIRE_VERSION).toBe(WIRE_VERSION);
    const context = { anonymousId: 'a_1', sessionId: 's_1', page: { url: 'https://x.test/', path: '/', title: 'X', referrer: '' } };
    const events = [
      makeEvent({ context }),
      makeEvent({ goal: 'purchase', kind: 'macro', role: undefined, value: 10, currency: 'EUR', context: { ...context, userId: 'u_1' } }),
    ];
    const queued = events.map((event) => ({ event, json: JSON.stringify(event), bytes: 0, state: 'pending' as const }));
    const body = JSON.parse(buildBatchBody(queued as never, 2, 1764000009000)) as unknown;
    const parsed = getBatchSchema().safeParse(body);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.events[1]?.context).toEqual({ userId: 'u_1' });
  });

  it('lets context keys unknown to v1 pass through', () => {
    const batch = makeBatch([makeEvent({ context: { vitals: { lcp: 1200 } } })], {
      context: { region: 'eu', page: { url: 'https://x.test', hash: '#a' } },
    });
    const parsed = getBatchSchema().parse(batch);
    expect(parsed.context).toEqual({ region: 'eu', page: { url: 'https://x.test', hash: '#a' } });
    expect(parsed.events[0]?.context).toEqual({ vitals: { lcp: 1200 } });
  });

  it.each([
    ['a currency that is not 3 letters', { currency: 'EURO' }],
    ['an unknown role', { role: 'primary' }],
    ['a goal longer than 64 characters', { goal: 'g'.repeat(65) }],
    ['a fractional seq', { seq: 1.5 }],
    ['props that are not an object', { props: [] }],
    ['a string value', { value: '59.9' }],
  ])('refuses an event with %s', (_label, overrides) => {
    const batch = makeBatch([{ ...makeEvent(), ...overrides } as never]);
    expect(getBatchSchema().safeParse(batch).success).toBe(false);
  });
});
