import { describe, expect, it } from 'vitest';
import type { EventContext, TrackedEvent } from '../../src/schema/types';
import { buildBatchBody } from '../../src/transport/batch-body';
import { WIRE_VERSION } from '../../src/transport/wire';
import { queuedEvent as queued, testEvent as event } from '../support/events';

interface Body {
  v: number;
  sentAt: number;
  dropped?: number;
  context: Record<string, unknown>;
  events: (Omit<TrackedEvent, 'context'> & { context?: Record<string, unknown> })[];
}

function body(events: TrackedEvent[], dropped = 0, now = 1_700_000_100_000): Body {
  return JSON.parse(buildBatchBody(events.map((e) => queued(e)), dropped, now)) as Body;
}

describe('buildBatchBody', () => {
  it('produces valid JSON with version 1 and the send time', () => {
    const parsed = body([event()], 0, 1_234);
    expect(parsed.v).toBe(1);
    expect(WIRE_VERSION).toBe(1);
    expect(parsed.sentAt).toBe(1_234);
  });

  it('sends the context shared by every event once, and no context on the events', () => {
    const events = [event(), event(), event()];
    const parsed = body(events);
    expect(parsed.context).toEqual(events[0]!.context);
    for (const sent of parsed.events) expect(sent).not.toHaveProperty('context');
  });

  it('keeps every event field other than context as it was', () => {
    const original = event({ kind: 'macro', role: undefined, value: 59.9, currency: 'EUR', stage: 'checkout', trigger: 'click' });
    const { context: _context, ...rest } = JSON.parse(JSON.stringify(original)) as TrackedEvent;
    expect(body([original]).events[0]).toEqual(rest);
  });

  it('compares context by value, not by object identity', () => {
    const a = event();
    const b = event({ context: JSON.parse(JSON.stringify(a.context)) as EventContext });
    const parsed = body([a, b]);
    expect(parsed.context).toEqual(a.context);
    expect(parsed.events.every((sent) => sent.context === undefined)).toBe(true);
  });

  it('sends only the context keys whose values differ, on the events that have them', () => {
    const first = event();
    const second = event({ context: { ...first.context, page: { url: 'https://shop.test/cart', path: '/cart', title: 'Cart', referrer: 'https://shop.test/p/1' } } });
    const parsed = body([first, second]);
    expect(parsed.context).toEqual({ anonymousId: 'anon-1', sessionId: 'sess-1', library: { name: 'cairn', version: '0.1.0' }, consent: { analytics: 'granted', marketing: 'granted' } });
    expect(parsed.events[0]!.context).toEqual({ page: first.context.page });
    expect(parsed.events[1]!.context).toEqual({ page: second.context.page });
  });

  it('sends a key present on only some events with those events alone', () => {
    const anonymous = event();
    const identified = event({ context: { ...anonymous.context, userId: 'user-42' } });
    for (const order of [
      [anonymous, identified],
      [identified, anonymous],
    ]) {
      const parsed = body(order);
      expect(parsed.context).not.toHaveProperty('userId');
      const withUser = parsed.events.find((sent) => sent.id === identified.id)!;
      const withoutUser = parsed.events.find((sent) => sent.id === anonymous.id)!;
      expect(withUser.context).toEqual({ userId: 'user-42' });
      expect(withoutUser).not.toHaveProperty('context');
    }
  });

  it('lets a collector rebuild each event context from shared and own keys', () => {
    const base = event();
    const events = [
      base,
      event({ context: { ...base.context, sessionId: 'sess-2' } }),
      event({ context: { ...base.context, userId: 'u' } }),
      event({ context: { anonymousId: 'anon-1', sessionId: 'sess-1' } }),
    ];
    const parsed = body(events);
    parsed.events.forEach((sent, i) => {
      expect({ ...parsed.context, ...sent.context }).toEqual(events[i]!.context);
    });
    // Only anonymousId has the same value in all four events.
    expect(Object.keys(parsed.context)).toEqual(['anonymousId']);
  });

  it('includes the dropped count when it is above zero, and leaves it out otherwise', () => {
    expect(body([event()], 3).dropped).toBe(3);
    expect(body([event()], 0)).not.toHaveProperty('dropped');
  });

  it('escapes quotes, line breaks and multibyte text into valid JSON', () => {
    const tricky = event({ props: { note: 'He said "hi"\n\u2028 — ünïcödé 🎉', path: '</script>' } });
    expect(body([tricky]).events[0]!.props).toEqual(tricky.props);
  });

  it('is smaller than the events sent one by one when they share a context', () => {
    const events = Array.from({ length: 50 }, () => event());
    const batch = buildBatchBody(events.map((e) => queued(e)), 0, 0);
    const separately = events.reduce((sum, e) => sum + JSON.stringify(e).length, 0);
    expect(batch.length).toBeLessThan(separately * 0.6);
  });
});

describe('buildBatchBody reusing stored strings', () => {
  it('writes the same body from the stored event strings as from serialising each event again', () => {
    const other = { anonymousId: 'anon-1', sessionId: 'sess-1', page: { url: 'https://shop.test/cart', path: '/cart', title: 'Cart', referrer: '' }, library: { name: 'cairn', version: '0.1.0' } };
    const events = [event(), event(), event({ context: other }), event()];
    const reused = buildBatchBody(events.map((e) => queued(e)), 0, 1);
    const fresh = buildBatchBody(events.map((e) => ({ ...queued(e), json: '' })), 0, 1);
    expect(JSON.parse(reused)).toEqual(JSON.parse(fresh));
    expect((JSON.parse(reused) as Body).events[2]!.context).toEqual({ page: other.page });
  });
});
