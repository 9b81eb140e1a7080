// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, start } from './triggers-helpers';

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: state });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  vi.useFakeTimers();
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  delete (document as { visibilityState?: string }).visibilityState;
});

describe('time trigger', () => {
  it('fires after the engaged seconds, with seconds as a number', () => {
    const host = start([{ id: 'engaged', triggers: [{ on: 'time', seconds: 30 }], propNames: ['seconds'] }]);

    vi.advanceTimersByTime(29_999);
    expect(host.fired).toEqual([]);

    vi.advanceTimersByTime(1);
    expect(host.fired).toEqual([{ goal: 'engaged', props: { seconds: 30 }, trigger: 'time', coerce: false }]);
  });

  it('does not count time while the page is hidden', () => {
    const host = start([{ id: 'engaged', triggers: [{ on: 'time', seconds: 30 }] }]);

    vi.advanceTimersByTime(20_000);
    setVisibility('hidden');
    vi.advanceTimersByTime(60_000);
    expect(host.fired).toEqual([]);

    setVisibility('visible');
    vi.advanceTimersByTime(9_999);
    expect(host.fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(host.fired).toHaveLength(1);
  });

  it('does not start counting on a page loaded in a background tab', () => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    const host = start([{ id: 'engaged', triggers: [{ on: 'time', seconds: 5 }] }]);

    vi.advanceTimersByTime(60_000);

    expect(host.fired).toEqual([]);
  });

  it('fires each trigger once per page, in order', () => {
    const host = start([
      { id: 'engaged_long', triggers: [{ on: 'time', seconds: 60 }] },
      { id: 'engaged_short', triggers: [{ on: 'time', seconds: 10 }] },
    ]);

    vi.advanceTimersByTime(600_000);

    expect(host.fired.map((f) => f.goal)).toEqual(['engaged_short', 'engaged_long']);
  });

  it('counts again from zero on a new SPA page', () => {
    const host = start([{ id: 'engaged', triggers: [{ on: 'time', seconds: 10 }] }]);
    vi.advanceTimersByTime(10_000);

    vi.advanceTimersByTime(5_000);
    history.pushState(null, '', '/other');
    vi.advanceTimersByTime(9_999);
    expect(host.fired).toHaveLength(1);

    vi.advanceTimersByTime(1);
    expect(host.fired).toHaveLength(2);
  });

  it('leaves no timer behind after stop', () => {
    const host = start([{ id: 'engaged', triggers: [{ on: 'time', seconds: 10 }] }]);

    host.stop();
    setVisibility('hidden');
    setVisibility('visible');

    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(host.fired).toEqual([]);
  });
});
