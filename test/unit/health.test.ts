// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, createTracker } from '../../src/index';
import { createHealth } from '../../src/health/start-health';
import { fakeVitals, hide, open, restore, setUp, shop, show, tearDown } from './health-helpers';

beforeEach(setUp);
afterEach(tearDown);

describe('health on conversions', () => {
  it('puts the latest known values on a macro conversion, with TTFB and FCP final and LCP, CLS not yet', () => {
    const { tracker, events, report } = open();
    report('TTFB', 120.4);
    report('FCP', 800);
    report('LCP', 2100.6);
    report('CLS', 0.123456, { rating: 'needs-improvement' });
    tracker.track('purchase');
    const health = events.find((e) => e.goal === 'purchase')!.context.health!;
    expect(health).toMatchObject({ navigationType: 'navigate', errors: 0, rejections: 0, media: [], brokenMedia: 0 });
    expect(health.ttfb).toEqual({ value: 120, rating: 'good', final: true });
    expect(health.fcp).toEqual({ value: 800, rating: 'good', final: true });
    expect(health.lcp).toEqual({ value: 2101, rating: 'good' });
    expect(health.cls).toEqual({ value: 0.1235, rating: 'needs-improvement' });
    expect(health.inp).toBeUndefined();
    expect(health.view).toMatch(/^[a-z0-9]{8,12}$/);
  });

  it('keeps each conversion at the values of its own moment', () => {
    const { tracker, events, report } = open();
    report('CLS', 0.01);
    tracker.track('purchase');
    report('CLS', 0.2);
    tracker.track('purchase');
    expect(events.map((e) => e.context.health?.cls?.value)).toEqual([0.01, 0.2]);
  });

  it('leaves micro events without health unless the config asks for it', () => {
    const plain = open();
    plain.tracker.track('add_to_cart');
    expect(plain.events[0]!.context.health).toBeUndefined();
    const withMicro = open({ ...shop, health: { micro: true } });
    withMicro.report('FCP', 500);
    withMicro.tracker.track('add_to_cart');
    expect(withMicro.events[0]!.context.health?.fcp?.value).toBe(500);
  });

  it('adds the element selectors of the attribution build only when the config asks for them', () => {
    const plain = open();
    plain.report('LCP', 900, { attribution: { target: 'main > img.hero' } });
    plain.tracker.track('purchase');
    expect(plain.events[0]!.context.health!.lcp).toEqual({ value: 900, rating: 'good' });
    const asked = open({ ...shop, health: { attribution: true } });
    asked.report('LCP', 900, { attribution: { target: 'main > img.hero' } });
    asked.report('INP', 240, { rating: 'needs-improvement', attribution: { interactionTarget: 'button#buy' } });
    asked.report('CLS', 0.2, { attribution: { largestShiftTarget: 'div#banner' } });
    asked.tracker.track('purchase');
    const health = asked.events[0]!.context.health!;
    expect([health.lcp!.target, health.inp!.target, health.cls!.target]).toEqual(['main > img.hero', 'button#buy', 'div#banner']);
  });

  it('puts the health of the moment of tracking on a conversion held until consent', () => {
    const { tracker, events, report } = open({ ...shop, consent: { required: true } });
    report('CLS', 0.01);
    tracker.track('purchase');
    report('CLS', 0.3);
    expect(events).toEqual([]);
    tracker.consent('granted');
    expect(events[0]!.context.health?.cls?.value).toBe(0.01);
  });
});

describe('page_health', () => {
  it('is sent once when the page is hidden, with every value final', () => {
    const { tracker, healthEvents, report } = open();
    report('LCP', 2000);
    report('INP', 180);
    tracker.track('purchase');
    hide();
    hide();
    expect(healthEvents()).toHaveLength(1);
    const [event] = healthEvents();
    expect(event!.kind).toBe('micro');
    expect(event!.props).toEqual({ reason: 'hidden' });
    expect(event!.context.health).toMatchObject({ lcp: { value: 2000, final: true }, inp: { value: 180, final: true } });
  });

  it('carries the same page view id as the conversions of that view', () => {
    const { tracker, events, healthEvents } = open();
    tracker.track('purchase');
    hide();
    expect(healthEvents()[0]!.context.health!.view).toBe(events[0]!.context.health!.view);
  });

  it('is not sent again after a return unless the values changed', () => {
    const { healthEvents, report } = open();
    report('CLS', 0.05);
    hide();
    show();
    hide();
    expect(healthEvents()).toHaveLength(1);
    show();
    report('CLS', 0.3);
    hide();
    expect(healthEvents().map((e) => e.context.health!.cls!.value)).toEqual([0.05, 0.3]);
  });

  it('is sent once when pagehide comes before the page is hidden', () => {
    const { healthEvents } = open();
    window.dispatchEvent(new Event('pagehide'));
    hide();
    expect(healthEvents().map((e) => e.props.reason)).toEqual(['pagehide']);
  });

  it('is sent again for the new page view after a back/forward cache restore, with its new values', () => {
    const { healthEvents, report } = open();
    report('LCP', 3000);
    window.dispatchEvent(new Event('error'));
    hide();
    restore();
    show();
    report('LCP', 40, { id: 'v6-LCP-2', navigationType: 'back-forward-cache' });
    hide();
    const [first, second] = healthEvents().map((e) => e.context.health!);
    expect(first).toMatchObject({ navigationType: 'navigate', errors: 1, lcp: { value: 3000 } });
    expect(second).toMatchObject({ navigationType: 'back-forward-cache', errors: 0, lcp: { value: 40 } });
    expect(second!.view).not.toBe(first!.view);
  });

  it('ends the page view at an SPA route change and starts one without the document load vitals', () => {
    const { tracker, events, healthEvents, report } = open();
    report('LCP', 2500);
    history.pushState(null, '', '/checkout');
    expect(healthEvents().map((e) => [e.props.reason, e.context.health!.lcp?.value])).toEqual([['route', 2500]]);
    report('CLS', 0.4);
    tracker.track('purchase');
    const health = events.find((e) => e.goal === 'purchase')!.context.health!;
    expect(health).toMatchObject({ navigationType: 'soft-navigation' });
    expect(health.lcp).toBeUndefined();
    expect(health.cls).toBeUndefined();
    expect(health.view).not.toBe(healthEvents()[0]!.context.health!.view);
  });

  it('does not end the page view when only the query is replaced', () => {
    const { healthEvents } = open();
    history.replaceState(null, '', '/?utm_source=x');
    expect(healthEvents()).toEqual([]);
  });

  it('is never sent when the config switches it off', () => {
    const { healthEvents, tracker, events } = open({ ...shop, health: { pageHealth: false } });
    hide();
    expect(healthEvents()).toEqual([]);
    tracker.track('purchase');
    expect(events[0]!.context.health).toBeDefined();
  });

  it('is dropped with everything else when consent is denied', () => {
    const { tracker, healthEvents } = open({ ...shop, consent: { required: true } });
    hide();
    tracker.consent('denied');
    expect(healthEvents()).toEqual([]);
  });

  it('stops with the tracker', () => {
    const { tracker, healthEvents } = open();
    tracker.shutdown();
    hide();
    expect(healthEvents()).toEqual([]);
  });
});

describe('errors', () => {
  it('counts uncaught errors and unhandled rejections without their messages', () => {
    const { tracker, events } = open();
    window.dispatchEvent(new ErrorEvent('error', { message: 'Cannot read x of jane@example.com', error: new Error('Cannot read x of jane@example.com') }));
    const rejection = new Event('unhandledrejection');
    Object.defineProperty(rejection, 'reason', { value: new Error('payment refused') });
    window.dispatchEvent(rejection);
    tracker.track('purchase');
    const health = events[0]!.context.health!;
    expect(health).toMatchObject({ errors: 1, rejections: 1 });
    expect(health.messages).toBeUndefined();
    expect(JSON.stringify(events[0])).not.toContain('jane');
  });

  it('sends the first messages truncated and redacted when the config asks for them', () => {
    const { tracker, events } = open({ ...shop, health: { errorMessages: true } });
    for (let i = 0; i < 4; i++) window.dispatchEvent(new ErrorEvent('error', { error: new Error(`failed for jane@example.com ${'x'.repeat(200)}`) }));
    tracker.track('purchase');
    const { messages, errors } = events[0]!.context.health!;
    expect(errors).toBe(4);
    expect(messages).toHaveLength(3);
    expect(messages![0]).not.toContain('jane@example.com');
    expect(messages![0]!.length).toBeLessThanOrEqual(110);
  });
});

describe('broken media', () => {
  it('names a video whose source fails: selector, origin and path of the source, code 4', () => {
    document.body.innerHTML = '<main><video id="intro"><source src="https://cdn.test/clip.mp4?token=abc"></video></main>';
    const { tracker, events } = open();
    document.querySelector('source')!.dispatchEvent(new Event('error'));
    tracker.track('purchase');
    expect(events[0]!.context.health).toMatchObject({ brokenMedia: 1, media: [{ selector: 'video#intro', src: 'https://cdn.test/clip.mp4', code: 4 }] });
    expect(JSON.stringify(events[0])).not.toContain('token');
  });

  it('leaves images alone unless the media selector names them', () => {
    document.body.innerHTML = '<div class="hero big"><img src="/hero.jpg"></div>';
    const plain = open();
    document.querySelector('img')!.dispatchEvent(new Event('error'));
    plain.tracker.track('purchase');
    expect(plain.events[0]!.context.health!.media).toEqual([]);
    const images = open({ ...shop, health: { media: 'img' } });
    document.querySelector('img')!.dispatchEvent(new Event('error'));
    images.tracker.track('purchase');
    expect(images.events[0]!.context.health!.media).toEqual([{ selector: 'div.hero.big > img', src: `${location.origin}/hero.jpg` }]);
  });

  it('watches the elements of the goals media triggers by default', () => {
    document.body.innerHTML = '<audio class="podcast" src="/ep1.mp3"></audio><video src="/other.mp4"></video>';
    const config = { ...shop, goals: { ...shop.goals, listen: { kind: 'micro', role: 'secondary', triggers: [{ on: 'media', selector: 'audio.podcast', percent: [50] }] } } } as const;
    const { tracker, events } = open(config as never);
    document.querySelector('audio')!.dispatchEvent(new Event('error'));
    document.querySelector('video')!.dispatchEvent(new Event('error'));
    tracker.track('purchase');
    expect(events.at(-1)!.context.health!.media.map((m) => m.selector)).toEqual(['audio.podcast']);
  });

  it('counts a video that waits for data past stallMs, once, and not one that resumes', async () => {
    document.body.innerHTML = '<video id="a" src="/a.mp4"></video><video id="b" src="/b.mp4"></video>';
    const { tracker, events } = open({ ...shop, health: { stallMs: 3000 } });
    const [a, b] = document.querySelectorAll('video');
    a!.dispatchEvent(new Event('waiting'));
    b!.dispatchEvent(new Event('stalled'));
    await new Promise<void>((done) => done());
    b!.dispatchEvent(new Event('playing'));
    await import('vitest').then(({ vi }) => vi.advanceTimersByTime(3000));
    a!.dispatchEvent(new Event('waiting'));
    tracker.track('purchase');
    expect(events[0]!.context.health!.media).toEqual([{ selector: 'video#a', src: `${location.origin}/a.mp4`, stalled: true }]);
  });

  it('names five elements at most and counts the rest', () => {
    document.body.innerHTML = Array.from({ length: 7 }, (_, i) => `<video id="v${i}" src="/v${i}.mp4"></video>`).join('');
    const { tracker, events } = open();
    for (const video of document.querySelectorAll('video')) video.dispatchEvent(new Event('error'));
    tracker.track('purchase');
    expect(events[0]!.context.health).toMatchObject({ brokenMedia: 7 });
    expect(events[0]!.context.health!.media).toHaveLength(5);
  });
});

describe('never breaking the page', () => {
  it('tracks without vitals when web-vitals cannot start, and a failing report is ignored', () => {
    const throwing = () => {
      throw new Error('no PerformanceObserver');
    };
    const health = createHealth({ onLCP: throwing, onINP: throwing, onCLS: throwing, onFCP: throwing, onTTFB: (callback) => callback(null as never) });
    const tracker = createTracker(shop, { health });
    const seen: unknown[] = [];
    tracker.on('track', (event) => seen.push(event.context.health));
    tracker.track('purchase');
    hide();
    expect(seen).toEqual([expect.objectContaining({ errors: 0 }), expect.objectContaining({ errors: 0 })]);
    tracker.shutdown();
  });
});

describe('health config', () => {
  it('throws a ConfigError naming each bad option of health', () => {
    const health = createHealth(fakeVitals().sources);
    const bad = { ...shop, health: { stallMs: -1, media: 'video[', micro: 'yes', colour: true } };
    let error: unknown;
    try {
      createTracker(bad as never, { health });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const paths = (error as ConfigError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['health.colour', 'health.media', 'health.micro', 'health.stallMs']);
  });

  it('accepts a config without a health section and one with every option', () => {
    const health = createHealth(fakeVitals().sources);
    expect(() => createTracker(shop, { health }).shutdown()).not.toThrow();
    const full = { ...shop, health: { pageHealth: true, micro: false, attribution: true, errorMessages: false, media: 'video', stallMs: 0 } };
    expect(() => createTracker(full, { health }).shutdown()).not.toThrow();
  });
});
