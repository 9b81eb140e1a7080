// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, cleanup, mount, start } from './triggers-helpers';

/** A stand-in IntersectionObserver the test drives: `show(element, ratio)` reports a change. */
class FakeObserver {
  static all: FakeObserver[] = [];
  readonly observed = new Set<Element>();
  disconnected = false;
  constructor(
    private readonly callback: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit,
  ) {
    FakeObserver.all.push(this);
  }
  observe(element: Element) {
    this.observed.add(element);
  }
  unobserve(element: Element) {
    this.observed.delete(element);
  }
  disconnect() {
    this.disconnected = true;
    this.observed.clear();
  }
  takeRecords() {
    return [];
  }
  report(target: Element, ratio: number) {
    if (!this.observed.has(target)) return;
    const entry = { target, intersectionRatio: ratio, isIntersecting: ratio > 0 } as IntersectionObserverEntry;
    this.callback([entry], this as unknown as IntersectionObserver);
  }
}

const show = (element: Element, ratio: number) => FakeObserver.all.forEach((io) => io.report(element, ratio));
const observed = (element: Element) => FakeObserver.all.some((io) => io.observed.has(element));
const mutationsDelivered = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  FakeObserver.all = [];
  vi.stubGlobal('IntersectionObserver', FakeObserver);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('visible trigger', () => {
  it('fires when an element stays at least the threshold in view for the duration', () => {
    vi.useFakeTimers();
    mount('<section id="pricing"></section>');
    const host = start([{ id: 'saw_pricing', triggers: [{ on: 'visible', selector: '#pricing', threshold: 0.5, durationMs: 2000 }] }]);

    show($('#pricing'), 0.4);
    vi.advanceTimersByTime(5000);
    expect(host.fired).toEqual([]);

    show($('#pricing'), 0.6);
    vi.advanceTimersByTime(1999);
    expect(host.fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(host.fired).toEqual([{ goal: 'saw_pricing', props: {}, trigger: 'visible', coerce: false }]);
  });

  it('does not fire when the element leaves the view before the duration', () => {
    vi.useFakeTimers();
    mount('<section id="pricing"></section>');
    const host = start([{ id: 'saw_pricing', triggers: [{ on: 'visible', selector: '#pricing' }] }]);

    show($('#pricing'), 1);
    vi.advanceTimersByTime(900);
    show($('#pricing'), 0);
    vi.advanceTimersByTime(5000);

    expect(host.fired).toEqual([]);
  });

  it('fires each element once, and each matching element on its own', () => {
    vi.useFakeTimers();
    mount('<div class="ad" id="a"></div><div class="ad" id="b"></div>');
    const host = start([{ id: 'ad_seen', triggers: [{ on: 'visible', selector: '.ad', durationMs: 100 }] }]);

    for (let i = 0; i < 3; i++) {
      show($('#a'), 1);
      vi.advanceTimersByTime(100);
      show($('#a'), 0);
    }
    show($('#b'), 1);
    vi.advanceTimersByTime(100);

    expect(host.fired.map((f) => f.goal)).toEqual(['ad_seen', 'ad_seen']);
    expect(observed($('#a'))).toBe(false);
  });

  it('picks up elements a SPA adds later and lets go of removed ones', async () => {
    const host = start([{ id: 'saw_pricing', triggers: [{ on: 'visible', selector: '.pricing', durationMs: 0 }] }]);
    const late = document.createElement('div');
    late.innerHTML = '<section class="pricing"></section>';
    document.body.append(late);
    await mutationsDelivered();

    const section = $('.pricing');
    expect(observed(section)).toBe(true);
    show(section, 1);
    await mutationsDelivered();
    expect(host.fired).toHaveLength(1);

    const other = document.createElement('section');
    other.className = 'pricing';
    document.body.append(other);
    await mutationsDelivered();
    expect(observed(other)).toBe(true);
    other.remove();
    await mutationsDelivered();
    expect(observed(other)).toBe(false);
  });

  it('does nothing, and does not throw, without IntersectionObserver', () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    mount('<section id="pricing"></section>');

    const host = start([{ id: 'saw_pricing', triggers: [{ on: 'visible', selector: '#pricing' }] }]);

    expect(host.fired).toEqual([]);
    expect(host.debug).toHaveBeenCalledWith('visible triggers need IntersectionObserver and MutationObserver');
  });

  it('disconnects its observers and clears pending timers on stop', () => {
    vi.useFakeTimers();
    mount('<section id="pricing"></section>');
    const host = start([{ id: 'saw_pricing', triggers: [{ on: 'visible', selector: '#pricing' }] }]);
    show($('#pricing'), 1);

    host.stop();
    vi.advanceTimersByTime(5000);

    expect(host.fired).toEqual([]);
    expect(FakeObserver.all.every((io) => io.disconnected)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
