// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, start } from './triggers-helpers';

let frames: Map<number, FrameRequestCallback>;
let heightReads = 0;

beforeEach(() => {
  frames = new Map();
  let next = 0;
  vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
    frames.set(++next, callback);
    return next;
  });
  vi.spyOn(window, 'cancelAnimationFrame').mockImplementation((id) => void frames.delete(id));
  heightReads = 0;
  Object.defineProperty(document.documentElement, 'scrollHeight', {
    configurable: true,
    get: () => {
      heightReads++;
      return 4000;
    },
  });
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: 1000 });
  scrollTo(0);
});

afterEach(() => {
  cleanup();
  delete (document.documentElement as { scrollHeight?: number }).scrollHeight;
});

function scrollTo(y: number): void {
  Object.defineProperty(window, 'scrollY', { configurable: true, value: y });
  document.dispatchEvent(new Event('scroll'));
}

function runFrames(): void {
  const pending = [...frames.values()];
  frames.clear();
  pending.forEach((callback) => callback(0));
}

describe('scroll trigger', () => {
  it('fires once the bottom of the viewport passes the depth, with percent as a number', () => {
    const host = start([{ id: 'read_most', triggers: [{ on: 'scroll', percent: 75 }], propNames: ['percent'] }]);

    scrollTo(1500); // 2500 of 4000: 62.5%
    runFrames();
    expect(host.fired).toEqual([]);

    scrollTo(2000); // 3000 of 4000: 75%
    runFrames();
    expect(host.fired).toEqual([{ goal: 'read_most', props: { percent: 75 }, trigger: 'scroll', coerce: false }]);
  });

  it('reads layout only in one animation frame per burst of scroll events', () => {
    start([{ id: 'read_most', triggers: [{ on: 'scroll', percent: 75 }] }]);

    for (let y = 0; y < 500; y += 50) scrollTo(y);
    expect(heightReads).toBe(0);
    expect(frames.size).toBe(1);

    runFrames();
    expect(heightReads).toBe(1);
  });

  it('fires each trigger once per page', () => {
    const host = start([{ id: 'read_half', triggers: [{ on: 'scroll', percent: 50 }] }]);

    scrollTo(3000);
    runFrames();
    scrollTo(0);
    runFrames();
    scrollTo(3000);
    runFrames();

    expect(host.fired).toHaveLength(1);
  });

  it('fires again on a new SPA page', () => {
    const host = start([{ id: 'read_half', triggers: [{ on: 'scroll', percent: 50 }] }]);
    scrollTo(3000);
    runFrames();

    history.pushState(null, '', '/next-article');
    scrollTo(3000);
    runFrames();

    expect(host.fired).toHaveLength(2);
  });

  it('cancels a scheduled frame on stop and fires nothing after', () => {
    const host = start([{ id: 'read_half', triggers: [{ on: 'scroll', percent: 50 }] }]);
    scrollTo(3000);
    expect(frames.size).toBe(1);

    host.stop();
    expect(frames.size).toBe(0);
    scrollTo(3500);

    expect(frames.size).toBe(0);
    expect(host.fired).toEqual([]);
  });
});
