// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectConsole } from './setup';
import { MINUTE, open, sent, setUpPage, settle, shop, tearDownPage } from './context-helpers';

beforeEach(setUpPage);
afterEach(tearDownPage);

describe('identify and reset', () => {
  it('sends traits once, with the next event, bounded and flat', async (context) => {
    expectConsole(context);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tracker = open();
    tracker.identify('user-42', { plan: 'pro', seats: 3, bio: 'x'.repeat(500), nested: { a: 1 } as never, nan: Number.NaN });
    tracker.track('newsletter');
    tracker.track('newsletter');
    await settle(tracker);
    const [first, second] = sent();
    expect(first!.context).toMatchObject({ userId: 'user-42', traits: { plan: 'pro', seats: 3, bio: 'x'.repeat(256) } });
    expect(first!.context.traits).not.toHaveProperty('nested');
    expect(second!.context).not.toHaveProperty('traits');
    expect(second!.context.userId).toBe('user-42');
    expect(warn.mock.calls.join(' ')).toContain('nested, nan');
  });

  it('starts a new visitor on reset: new anonymous id and session, nothing of the old one kept', async () => {
    const tracker = open();
    tracker.identify('user-42');
    tracker.experiment('hero', 'b');
    tracker.track('add_to_cart', { sku: 'A-1', price: 20 });
    tracker.reset();
    expect(tracker.funnel('checkout')).toMatchObject({ reached: 0 });
    tracker.track('purchase', { total: 20 });
    await settle(tracker);
    const [before, after] = sent();
    expect(after!.context.anonymousId).not.toBe(before!.context.anonymousId);
    expect(after!.context.sessionId).not.toBe(before!.context.sessionId);
    expect(after!.context).toMatchObject({ sessionIndex: 1, funnels: [{ step: 4, reached: 4 }], journey: { items: [] } });
    for (const key of ['userId', 'experiments', 'traits']) expect(after!.context).not.toHaveProperty(key);
  });
});

describe('experiments', () => {
  it('puts the variant on every later event of the session, across page loads, and not on the next session', async () => {
    let tracker = open({ ...shop, abandonment: false });
    tracker.track('newsletter');
    tracker.experiment('hero', 'b');
    tracker.experiment('price', 'high');
    tracker.track('view_product', { sku: 'A-1' });
    await settle(tracker);
    tracker = open({ ...shop, abandonment: false });
    tracker.track('add_to_cart', { sku: 'A-1', price: 20 });
    await settle(tracker);
    tracker.shutdown();
    vi.advanceTimersByTime(40 * MINUTE);
    tracker = open({ ...shop, abandonment: false });
    tracker.track('newsletter');
    await settle(tracker);
    expect(sent().map((e) => e.context.experiments)).toEqual([undefined, { hero: 'b', price: 'high' }, { hero: 'b', price: 'high' }, undefined]);
  });

  it('refuses names and variants that are not short strings, with a warning', async (context) => {
    expectConsole(context);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tracker = open();
    tracker.experiment('hero', 42 as never);
    tracker.experiment('x'.repeat(65), 'a');
    tracker.track('newsletter');
    await settle(tracker);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(sent()[0]!.context).not.toHaveProperty('experiments');
  });
});
