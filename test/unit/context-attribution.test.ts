// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker, isCairnError } from '../../src/index';
import { context } from '../../src/context-entry';
import { land, MINUTE, open, sent, setUpPage, settle, shop, tearDownPage } from './context-helpers';

beforeEach(setUpPage);
afterEach(tearDownPage);

describe('campaign and channel', () => {
  it('reads the UTM parameters and click ids of the landing into every event of the session', async () => {
    land('/shoes?utm_source=google&utm_medium=cpc&utm_campaign=spring+sale&utm_term=trail%20shoe&gclid=Cj0K', 'https://www.google.com/');
    const tracker = open();
    tracker.track('view_product', { sku: 'A-1' });
    history.pushState(null, '', '/cart');
    tracker.track('newsletter');
    await settle(tracker);
    const [view, newsletter] = sent();
    expect(view!.context).toMatchObject({
      channel: 'Paid Search',
      campaign: { source: 'google', medium: 'cpc', name: 'spring sale', term: 'trail shoe' },
      clickIds: { gclid: 'Cj0K' },
      landing: { url: 'http://localhost:3000/shoes', referrer: 'https://www.google.com/' },
      sessionIndex: 1,
    });
    // An SPA route change neither drops nor re-applies them.
    expect(newsletter!.context.campaign).toEqual(view!.context.campaign);
    expect(newsletter!.context.sessionId).toBe(view!.context.sessionId);
  });

  it('takes personal data out of the landing: other parameters dropped, an e-mail in a UTM value redacted', async () => {
    land('/u/jane%40mail.example?utm_source=newsletter&utm_medium=email&utm_content=jane%40mail.example&email=jane%40mail.example&token=t0k', 'https://mail.example/inbox?user=jane@mail.example');
    const tracker = open();
    tracker.track('view_product', { sku: 'A-1' });
    await settle(tracker);
    const [view] = sent();
    expect(view!.context).toMatchObject({
      channel: 'Email',
      campaign: { source: 'newsletter', medium: 'email', content: '[email]' },
      landing: { url: 'http://localhost:3000/u/%5Bemail%5D', referrer: 'https://mail.example/inbox' },
      page: { url: 'http://localhost:3000/u/%5Bemail%5D?utm_source=newsletter&utm_medium=email&utm_content=%5Bemail%5D', path: '/u/%5Bemail%5D' },
    });
    expect(JSON.stringify(sent())).not.toMatch(/jane|t0k/);
  });

  it('keeps the session and its campaign across internal page loads, and ignores UTM parameters on internal links', async () => {
    land('/?utm_source=newsletter&utm_medium=email&utm_campaign=june', '');
    let tracker = open();
    tracker.track('newsletter');
    await settle(tracker);
    land('/shoes', 'http://localhost:3000/');
    tracker = open();
    tracker.track('view_product', { sku: 'A-1' });
    await settle(tracker);
    land('/sale?utm_source=banner&utm_medium=internal', 'http://localhost:3000/shoes');
    tracker = open();
    tracker.track('newsletter');
    await settle(tracker);
    const events = sent();
    expect(new Set(events.map((e) => e.context.sessionId)).size).toBe(1);
    expect(events.map((e) => e.context.channel)).toEqual(['Email', 'Email', 'Email']);
    expect(events[2]!.context.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'june' });
  });

  it('starts a new session on a landing from another campaign, before the 30 minutes are up', async () => {
    land('/?utm_source=newsletter&utm_medium=email', '');
    let tracker = open();
    tracker.track('newsletter');
    await settle(tracker);
    vi.advanceTimersByTime(5 * MINUTE);
    land('/?utm_source=facebook&utm_medium=paid_social', 'https://l.facebook.com/');
    tracker = open();
    tracker.track('newsletter');
    await settle(tracker);
    const [first, second] = sent();
    expect(second!.context.sessionId).not.toBe(first!.context.sessionId);
    expect(second!.context).toMatchObject({ sessionIndex: 2, channel: 'Paid Social' });
    // The same campaign again is the same session.
    land('/?utm_source=facebook&utm_medium=paid_social', 'https://l.facebook.com/');
    tracker = open();
    tracker.track('newsletter');
    await settle(tracker);
    expect(sent()[2]!.context.sessionId).toBe(second!.context.sessionId);
  });

  it('keeps the first touch for good and credits the last non-direct touch on a direct return', async () => {
    land('/?utm_source=google&utm_medium=organic&utm_campaign=brand', 'https://www.google.com/');
    let tracker = open();
    tracker.track('view_product', { sku: 'A-1' });
    await settle(tracker);
    tracker.shutdown();
    vi.advanceTimersByTime(3 * 24 * 60 * MINUTE);
    land('/', '');
    tracker = open();
    tracker.track('purchase', { total: 10 });
    await settle(tracker);
    const [, purchase] = sent();
    const touch = { channel: 'Organic Search', source: 'google', medium: 'organic', campaign: 'brand', ts: Date.parse('2026-03-02T09:00:00Z') };
    expect(purchase!.context).toMatchObject({ channel: 'Direct', sessionIndex: 2, firstTouch: touch, lastTouch: touch });
    expect(purchase!.context).not.toHaveProperty('campaign');
  });

  it('makes a direct session when one times out while the page stays open', async () => {
    land('/?utm_source=newsletter&utm_medium=email', '');
    const tracker = open({ ...shop, abandonment: false });
    tracker.track('newsletter');
    vi.advanceTimersByTime(31 * MINUTE);
    tracker.track('newsletter');
    await settle(tracker);
    expect(sent().map((e) => [e.context.sessionIndex, e.context.channel])).toEqual([[1, 'Email'], [2, 'Direct']]);
  });

  it('never counts a payment return or the site itself as a referral', async () => {
    land('/', 'https://www.bing.com/search?q=shoes');
    let tracker = open();
    tracker.track('begin_checkout');
    await settle(tracker);
    land('/thanks', 'https://checkout.stripe.com/c/pay/cs_test_a1');
    tracker = open();
    tracker.track('purchase', { total: 10 });
    await settle(tracker);
    const [checkout, purchase] = sent();
    expect(purchase!.context.sessionId).toBe(checkout!.context.sessionId);
    expect(purchase!.context.channel).toBe('Organic Search');
  });

  it('honours a configurable session timeout', async () => {
    const tracker = open({ ...shop, session: { timeoutMs: 5 * MINUTE }, abandonment: false });
    tracker.track('newsletter');
    vi.advanceTimersByTime(6 * MINUTE);
    tracker.track('newsletter');
    await settle(tracker);
    expect(sent().map((e) => e.context.sessionIndex)).toEqual([1, 2]);
  });
});

describe('the context module config', () => {
  it('refuses an unknown abandonment goal and bad host lists, naming each path', () => {
    try {
      createTracker({ ...shop, abandonment: { goal: 'nope', afterMs: -1 }, attribution: { internalHosts: 'example.com' } } as never, { context });
      expect.unreachable();
    } catch (error) {
      expect(isCairnError(error) && error.issues.map((i) => i.path).sort()).toEqual(['abandonment.afterMs', 'abandonment.goal', 'attribution.internalHosts']);
    }
  });

  it('leaves events without campaign, channel or funnels when the module is not passed', async () => {
    land('/?utm_source=newsletter&utm_medium=email', '');
    const tracker = createTracker(shop);
    tracker.experiment('hero', 'b');
    expect(tracker.funnel('checkout')).toBeUndefined();
    tracker.track('view_product', { sku: 'A-1' });
    await settle(tracker);
    expect(Object.keys(sent()[0]!.context).sort()).toEqual(['anonymousId', 'consent', 'library', 'page', 'sessionId']);
    tracker.shutdown();
  });
});
