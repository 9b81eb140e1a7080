// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Abandonment } from '../../src/context-entry';
import { JOURNEY_MAX_ITEMS } from '../../src/context/journey';
import { land, MINUTE, open, sent, sentOf, setUpPage, settle, shop, tearDownPage } from './context-helpers';

beforeEach(setUpPage);
afterEach(tearDownPage);

const T0 = Date.parse('2026-03-02T09:00:00Z');

describe('funnel progress', () => {
  it('puts the step, the number of steps and the furthest step reached on each step event', async () => {
    const tracker = open();
    tracker.track('view_product', { sku: 'A-1' });
    tracker.track('add_to_cart', { sku: 'A-1', price: 30 });
    tracker.track('view_product', { sku: 'B-2' });
    tracker.track('newsletter');
    await settle(tracker);
    expect(sent().map((e) => e.context.funnels)).toEqual([
      [{ funnel: 'checkout', step: 1, steps: 4, reached: 1 }],
      [{ funnel: 'checkout', step: 2, steps: 4, reached: 2 }],
      [{ funnel: 'checkout', step: 1, steps: 4, reached: 2 }],
      undefined,
    ]);
  });

  it('counts a step reached out of order as reached (an open funnel), and starts over after the macro goal', async () => {
    const tracker = open();
    tracker.track('begin_checkout');
    expect(tracker.funnel('checkout')).toEqual({ funnel: 'checkout', steps: 4, reached: 3, next: 'purchase', reachedAt: T0 });
    tracker.track('purchase', { total: 30 });
    expect(tracker.funnel('checkout')).toEqual({ funnel: 'checkout', steps: 4, reached: 0, next: 'view_product' });
    tracker.track('view_product', { sku: 'A-1' });
    await settle(tracker);
    expect(sent().map((e) => e.context.funnels![0]!.reached)).toEqual([3, 4, 1]);
  });

  it('keeps the progress across page loads and sessions', async () => {
    let tracker = open({ ...shop, abandonment: false });
    tracker.track('add_to_cart', { sku: 'A-1', price: 30 });
    await settle(tracker);
    tracker.shutdown();
    vi.advanceTimersByTime(2 * 24 * 60 * MINUTE);
    tracker = open({ ...shop, abandonment: false });
    expect(tracker.funnel('checkout')).toMatchObject({ reached: 2, next: 'begin_checkout' });
    tracker.track('begin_checkout');
    await settle(tracker);
    expect(sent()[1]!.context).toMatchObject({ sessionIndex: 2, funnels: [{ step: 3, reached: 3 }] });
  });

  it('types funnel ids from the config', () => {
    const tracker = open();
    // @ts-expect-error: not a funnel of the config
    expect(tracker.funnel('nope')).toBeUndefined();
  });
});

describe('abandonment', () => {
  it('sends one abandonment event at the start of the next session, with the last step and the cart value', async () => {
    const abandoned: Abandonment[] = [];
    let tracker = open();
    tracker.track('view_product', { sku: 'A-1' });
    vi.advanceTimersByTime(MINUTE);
    tracker.track('add_to_cart', { sku: 'A-1', price: 59.9 });
    await settle(tracker);
    tracker.shutdown();
    vi.advanceTimersByTime(3 * 60 * MINUTE);
    for (let visit = 0; visit < 2; visit++) {
      tracker = open();
      tracker.on('abandon', (a) => abandoned.push(a));
      tracker.track('newsletter');
      await settle(tracker);
      tracker.shutdown();
      vi.advanceTimersByTime(60 * MINUTE);
    }
    const events = sentOf('funnel_abandoned');
    const expected = { funnel: 'checkout', step: 2, goal: 'add_to_cart', steps: 4, value: 59.9, currency: 'EUR', reachedAt: T0 + MINUTE };
    expect(events.map((e) => e.props)).toEqual([expected]);
    expect(events[0]).toMatchObject({ kind: 'micro', role: 'secondary' });
    expect(events[0]!.context.sessionIndex).toBe(2);
    expect(abandoned).toEqual([expected]);
  });

  it('sends it after the configured time without progress while the page stays open, and only once', async () => {
    const tracker = open({ ...shop, abandonment: { afterMs: 10 * MINUTE }, session: { timeoutMs: 60 * MINUTE } });
    tracker.track('add_to_cart', { sku: 'A-1', price: 20 });
    await vi.advanceTimersByTimeAsync(9 * MINUTE);
    tracker.track('begin_checkout');
    await vi.advanceTimersByTimeAsync(9 * MINUTE);
    expect(sentOf('funnel_abandoned')).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    await vi.advanceTimersByTimeAsync(40 * MINUTE);
    await settle(tracker);
    expect(sentOf('funnel_abandoned').map((e) => e.props)).toEqual([{ funnel: 'checkout', step: 3, goal: 'begin_checkout', steps: 4, value: 20, currency: 'EUR', reachedAt: T0 + 9 * MINUTE }]);
  });

  it('sends nothing for a funnel completed, or when the config switches it off', async () => {
    let tracker = open();
    tracker.track('add_to_cart', { sku: 'A-1', price: 20 });
    tracker.track('purchase', { total: 20 });
    await settle(tracker);
    tracker.shutdown();
    vi.advanceTimersByTime(60 * MINUTE);
    tracker = open({ ...shop, abandonment: false });
    tracker.track('add_to_cart', { sku: 'A-1', price: 20 });
    await settle(tracker);
    tracker.shutdown();
    vi.advanceTimersByTime(60 * MINUTE);
    tracker = open({ ...shop, abandonment: false });
    tracker.track('newsletter');
    await settle(tracker);
    expect(sentOf('funnel_abandoned')).toEqual([]);
  });

  it('uses a goal of the config when it names one', async () => {
    const config = {
      ...shop,
      goals: { ...shop.goals, cart_abandoned: { kind: 'micro', role: 'secondary', props: { funnel: 'string', step: 'integer', goal: 'string', steps: 'integer', reachedAt: 'number', value: 'number?', currency: 'string?' } } },
      abandonment: { goal: 'cart_abandoned' },
    } as const;
    let tracker = open(config);
    tracker.track('add_to_cart', { sku: 'A-1', price: 20 });
    await settle(tracker);
    tracker.shutdown();
    vi.advanceTimersByTime(60 * MINUTE);
    tracker = open(config);
    tracker.track('newsletter');
    await settle(tracker);
    expect(sentOf('cart_abandoned')).toHaveLength(1);
  });
});

describe('journey', () => {
  it('lists on a macro event the micro conversions since the previous one, with their channels and the sessions it took', async () => {
    land('/?utm_source=google&utm_medium=cpc&utm_campaign=shoes', 'https://www.google.com/');
    let tracker = open({ ...shop, abandonment: false });
    tracker.track('view_product', { sku: 'A-1' });
    tracker.track('add_to_cart', { sku: 'A-1', price: 20 });
    await settle(tracker);
    tracker.shutdown();
    vi.advanceTimersByTime(24 * 60 * MINUTE);
    land('/', '');
    tracker = open({ ...shop, abandonment: false });
    tracker.track('newsletter');
    vi.advanceTimersByTime(2 * MINUTE);
    tracker.track('purchase', { total: 20 });
    tracker.track('purchase', { total: 5 });
    await settle(tracker);
    const [first, second] = sentOf('purchase');
    expect(first!.context.journey).toEqual({
      items: [
        { goal: 'view_product', ts: T0, channel: 'Paid Search' },
        { goal: 'add_to_cart', ts: T0, channel: 'Paid Search' },
        { goal: 'newsletter', ts: T0 + 24 * 60 * MINUTE, channel: 'Direct' },
      ],
      omitted: 0,
      sessions: 2,
      sinceFirstTouchMs: 24 * 60 * MINUTE + 2 * MINUTE,
      sinceSessionStartMs: 2 * MINUTE,
    });
    expect(second!.context.journey).toMatchObject({ items: [], omitted: 0, sessions: 1 });
  });

  it('keeps the last 50 micro conversions and counts the others', async () => {
    const tracker = open({ ...shop, abandonment: false });
    for (let i = 0; i < JOURNEY_MAX_ITEMS + 10; i++) tracker.track('newsletter');
    tracker.track('purchase', { total: 1 });
    await settle(tracker);
    const journey = sentOf('purchase')[0]!.context.journey!;
    expect(journey.items).toHaveLength(JOURNEY_MAX_ITEMS);
    expect(journey.omitted).toBe(10);
    expect(JSON.stringify(journey).length).toBeLessThan(4200);
  });
});
