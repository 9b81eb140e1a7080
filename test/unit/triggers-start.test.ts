// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TriggerConfig } from '../../src/schema/trigger-types';
import { validateTrigger } from '../../src/triggers/start-triggers';
import { $, cleanup, click, mount, start, submit, type GoalSpec } from './triggers-helpers';

class QuietObserver {
  static live = 0;
  constructor() {
    QuietObserver.live++;
  }
  observe() {}
  unobserve() {}
  disconnect() {
    QuietObserver.live--;
  }
  takeRecords() {
    return [];
  }
}

const EVERY_KIND: GoalSpec[] = [
  { id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] },
  { id: 'sign_up', triggers: [{ on: 'submit', selector: 'form' }] },
  { id: 'home', triggers: [{ on: 'pageview', path: '/**' }] },
  { id: 'video_progress', triggers: [{ on: 'media', percent: [50] }] },
  { id: 'read_half', triggers: [{ on: 'scroll', percent: 50 }] },
  { id: 'saw_pricing', triggers: [{ on: 'visible', selector: '.pricing', durationMs: 0 }] },
  { id: 'engaged', triggers: [{ on: 'time', seconds: 5 }] },
  { id: 'whitepaper', triggers: [{ on: 'download' }] },
  { id: 'partner_click', triggers: [{ on: 'outbound' }] },
];

type Registration = { target: EventTarget; type: string; listener: unknown; capture: boolean; passive: boolean };

function spyListeners(): { added: Registration[]; removed: Registration[] } {
  const added: Registration[] = [];
  const removed: Registration[] = [];
  for (const target of [document, window] as EventTarget[]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    vi.spyOn(target, 'addEventListener').mockImplementation((type, listener, options) => {
      const o = typeof options === 'object' ? options : { capture: options };
      added.push({ target, type, listener, capture: !!o?.capture, passive: !!(o as AddEventListenerOptions)?.passive });
      add(type, listener, options);
    });
    vi.spyOn(target, 'removeEventListener').mockImplementation((type, listener, options) => {
      const o = typeof options === 'object' ? options : { capture: options };
      removed.push({ target, type, listener, capture: !!o?.capture, passive: false });
      remove(type, listener, options);
    });
  }
  return { added, removed };
}

beforeEach(() => {
  QuietObserver.live = 0;
  vi.stubGlobal('IntersectionObserver', QuietObserver);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('startTriggers', () => {
  it('adds one passive listener per event type, a single click listener serving every click trigger', () => {
    const { added } = spyListeners();
    start(EVERY_KIND);

    const types = added.map((r) => r.type).sort();
    expect(types).toEqual(
      ['cairn:navigate', 'click', 'ended', 'hashchange', 'load', 'message', 'play', 'popstate', 'scroll', 'seeked', 'seeking', 'submit', 'timeupdate', 'visibilitychange'],
    );
    expect(added.every((r) => r.passive)).toBe(true);
  });

  it('listens to clicks and submits for data-cairn tagging even when no goal has triggers', () => {
    const { added } = spyListeners();
    start([]);

    expect(added.map((r) => r.type).sort()).toEqual(['click', 'submit']);
  });

  it('removes every listener, observer and timer on stop, after which nothing fires', async () => {
    const { added, removed } = spyListeners();
    mount(`<button class="buy">Buy</button><form><button>Go</button></form><video></video>
      <a id="pdf" href="/guide.pdf">PDF</a><a id="out" href="https://example.org/">Out</a><section class="pricing"></section>`);
    const host = start(EVERY_KIND);
    host.fired.length = 0;

    host.stop();
    host.stop();

    expect(removed).toHaveLength(added.length);
    for (const registration of added) {
      expect(removed).toContainEqual({ ...registration, passive: false });
    }
    expect(QuietObserver.live).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    const stay = (event: Event) => event.preventDefault();
    document.addEventListener('click', stay);
    document.addEventListener('submit', stay);
    click($('.buy'));
    submit($('form'));
    click($('#pdf'));
    click($('#out'));
    history.pushState(null, '', '/after-stop');
    document.dispatchEvent(new Event('scroll'));
    $('video').dispatchEvent(new Event('timeupdate'));
    document.body.append(Object.assign(document.createElement('section'), { className: 'pricing' }));
    await vi.advanceTimersByTimeAsync(60_000);
    document.removeEventListener('click', stay);
    document.removeEventListener('submit', stay);

    expect(host.fired).toEqual([]);
  });

  it('never throws into the page when firing fails, and still runs the other triggers', () => {
    mount('<button class="buy" data-cairn="cta">Buy</button>');
    const host = start([{ id: 'add_to_cart', triggers: [{ on: 'click', selector: '.buy' }] }]);
    const fire = host.fire;
    host.fire = (goal, ...rest) => {
      if (goal === 'add_to_cart') throw new Error('boom');
      fire(goal, ...rest);
    };

    expect(() => click($('.buy'))).not.toThrow();
    expect(host.fired.map((f) => f.goal)).toEqual(['cta']);
    expect(host.debug).toHaveBeenCalledWith('click trigger failed', expect.any(Error));
  });

  it('skips a trigger with a bad selector and keeps the goal\'s other triggers', () => {
    mount('<button class="buy">Buy</button>');
    const host = start([
      { id: 'add_to_cart', triggers: [{ on: 'click', selector: 'button[' }, { on: 'click', selector: '.buy' }] },
    ]);

    click($('.buy'));

    expect(host.fired.map((f) => f.goal)).toEqual(['add_to_cart']);
    expect(host.debug).toHaveBeenCalledWith('trigger click of add_to_cart skipped: invalid CSS selector "button["');
  });
});

describe('validateTrigger', () => {
  it.each<[TriggerConfig, string | undefined]>([
    [{ on: 'click', selector: '.buy > span' }, undefined],
    [{ on: 'click', selector: 'button[' }, 'invalid CSS selector "button["'],
    [{ on: 'submit', selector: '' }, 'invalid CSS selector ""'],
    [{ on: 'visible', selector: '#a:::b' }, 'invalid CSS selector "#a:::b"'],
    [{ on: 'media', percent: [50] }, undefined],
    [{ on: 'media', selector: 'video[', percent: [50] }, 'invalid CSS selector "video["'],
    [{ on: 'pageview', path: '/product/*' }, undefined],
    [{ on: 'pageview', path: '(unclosed' }, undefined],
    [{ on: 'scroll', percent: 50 }, undefined],
  ])('checks %j', (trigger, problem) => {
    expect(validateTrigger(trigger)).toBe(problem);
  });

  it('reports a pageview regular expression that does not compile', () => {
    expect(validateTrigger({ on: 'pageview', path: '/blog/(', match: 'regex' })).toMatch(/^invalid regular expression \/\/blog\/\(\/: /);
  });
});
