// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { CairnError, createTracker, defineConfig, isCairnError, ValidationError, VERSION, type CairnConfig, type Tracker, type TrackedEvent } from '../../src/index';
import { shortHash } from '../../src/lib/hash';
import { bootTracker, type BootOptions } from '../../src/tracker/create-tracker';
import { SESSION_TIMEOUT_MS } from '../../src/context/session';
import { expectConsole } from './setup';

const ENDPOINT = 'https://collect.test/cairn';

const config = defineConfig({
  endpoint: ENDPOINT,
  goals: {
    view_product: { kind: 'micro', role: 'milestone', stage: 'consideration', props: { sku: 'string', price: 'number?' } },
    newsletter: { kind: 'micro', role: 'secondary' },
    purchase: { kind: 'macro', stage: 'conversion', value: 'total', currency: 'EUR', props: { order_id: 'string', total: 'number' } },
    demo: { kind: 'macro', value: 150 },
    landing: { kind: 'micro', role: 'secondary', once: 'page' },
    first_visit: { kind: 'micro', role: 'secondary', once: 'session' },
    signup: { kind: 'macro', once: 'user' },
  },
});

type SentEvent = TrackedEvent;

let fetchMock: Mock<(url: string, init: RequestInit) => Promise<Response>>;
const trackers: Tracker[] = [];

/** Creates a tracker that is shut down after the test. */
function start<C extends CairnConfig>(c: C, options?: Parameters<typeof createTracker>[1], boot?: BootOptions): Tracker<C> {
  const tracker = (boot ? bootTracker(c, options ?? {}, boot) : createTracker(c, options)) as Tracker<C>;
  trackers.push(tracker as unknown as Tracker);
  return tracker;
}

/** Every event the collector received, with the batch context merged back in, in order (acknowledgement queries left out). */
function sent(): SentEvent[] {
  return fetchMock.mock.calls.flatMap(([, init]) => {
    const body = JSON.parse(String(init.body)) as { context: Record<string, unknown>; events?: SentEvent[] };
    if (!body.events) return [];
    return body.events.map((event) => ({ ...event, context: { ...body.context, ...event.context } }));
  });
}

const goalsSent = () => sent().map((event) => event.goal);

/** Runs microtasks, then timers due within `ms`. */
const advance = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-06-01T12:00:00Z'));
  fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
  document.title = 'Cairn shop';
  history.replaceState(null, '', '/');
});

afterEach(() => {
  for (const tracker of trackers.splice(0)) tracker.shutdown();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('createTracker + track', () => {
  it('sends an event with an id, time, sequence, props, goal fields and context', async () => {
    history.replaceState(null, '', '/product/a-1?ref=mail');
    document.title = 'Trail shoe';
    const tracker = start(config);
    tracker.track('view_product', { sku: 'A-1', price: 89 });
    vi.advanceTimersByTime(1_000);
    tracker.track('purchase', { order_id: 'O-1', total: 89.5 });
    await advance();
    const [view, purchase] = sent();
    expect(view).toEqual({
      id: expect.stringMatching(/^[\w-]{21}$/),
      goal: 'view_product',
      kind: 'micro',
      role: 'milestone',
      stage: 'consideration',
      ts: Date.parse('2025-06-01T12:00:00Z'),
      seq: 1,
      props: { sku: 'A-1', price: 89 },
      context: {
        anonymousId: expect.stringMatching(/^[\w-]{21}$/),
        sessionId: expect.stringMatching(/^[\w-]{21}$/),
        page: { url: 'http://localhost:3000/product/a-1', path: '/product/a-1', title: 'Trail shoe', referrer: '' },
        library: { name: 'cairn', version: VERSION },
        consent: { analytics: 'granted', marketing: 'granted' },
      },
    });
    expect(purchase).toMatchObject({ goal: 'purchase', kind: 'macro', stage: 'conversion', value: 89.5, currency: 'EUR', seq: 2, ts: Date.parse('2025-06-01T12:00:01Z') });
    expect(purchase).not.toHaveProperty('role');
    expect(purchase!.id).not.toBe(view!.id);
    expect(purchase!.context).toEqual(view!.context);
  });

  it('sends a fixed value, and no value or currency when the goal has none', async () => {
    const tracker = start(config);
    tracker.track('demo');
    tracker.track('newsletter');
    await tracker.flush();
    const [demo, newsletter] = sent();
    expect(demo).toMatchObject({ goal: 'demo', value: 150 });
    expect(demo).not.toHaveProperty('currency');
    expect(newsletter).not.toHaveProperty('value');
    expect(newsletter).not.toHaveProperty('stage');
  });

  it('returns nothing and sends nothing during the call itself', () => {
    const tracker = start(config);
    expect(tracker.track('purchase', { order_id: 'O-1', total: 1 })).toBeUndefined();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('stores the event in localStorage before sending it', async () => {
    let storedWhenSent: string[] = [];
    fetchMock.mockImplementation(async () => {
      storedWhenSent = Object.keys(localStorage).filter((key) => key.startsWith(`cairn:q:${shortHash(ENDPOINT)}:`)).map((key) => localStorage.getItem(key)!);
      return new Response('{}', { status: 200 });
    });
    const tracker = start(config);
    tracker.track('purchase', { order_id: 'O-1', total: 1 });
    await advance();
    expect(storedWhenSent).toHaveLength(1);
    expect(storedWhenSent[0]).toContain('"order_id":"O-1"');
    // Accepted: nothing is left behind.
    expect(Object.keys(localStorage).filter((key) => key.startsWith('cairn:q:'))).toEqual([]);
  });

  it('numbers events from 1 within a session and starts again in a new session after 30 minutes idle', async () => {
    const tracker = start(config);
    tracker.track('newsletter');
    tracker.track('newsletter');
    vi.advanceTimersByTime(SESSION_TIMEOUT_MS - 1);
    tracker.track('newsletter');
    vi.advanceTimersByTime(SESSION_TIMEOUT_MS + 1);
    tracker.track('newsletter');
    await tracker.flush();
    const events = sent();
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 1]);
    const sessions = events.map((event) => event.context.sessionId);
    expect(sessions[1]).toBe(sessions[0]);
    expect(sessions[2]).toBe(sessions[0]);
    expect(sessions[3]).not.toBe(sessions[0]);
  });

  it('keeps the anonymous id and the session across page loads', async () => {
    const first = start(config);
    first.track('newsletter');
    await first.flush();
    first.shutdown();
    const second = start(config);
    second.track('newsletter');
    await second.flush();
    const [a, b] = sent();
    expect(b!.context.anonymousId).toBe(a!.context.anonymousId);
    expect(b!.context.sessionId).toBe(a!.context.sessionId);
    expect(b!.seq).toBe(2);
    expect(localStorage.getItem('cairn:aid')).toBe(a!.context.anonymousId);
  });

  it('uses the previous URL as the referrer after an SPA navigation', async () => {
    Object.defineProperty(document, 'referrer', { value: 'https://search.example/', configurable: true });
    const tracker = start(config);
    tracker.track('newsletter');
    history.pushState(null, '', '/pricing');
    tracker.track('newsletter');
    await tracker.flush();
    const [first, second] = sent();
    expect(first!.context.page).toMatchObject({ path: '/', referrer: 'https://search.example/' });
    expect(second!.context.page).toMatchObject({ path: '/pricing', url: 'http://localhost:3000/pricing', referrer: 'http://localhost:3000/' });
    Reflect.deleteProperty(document, 'referrer');
  });

  it('emits each queued event to track listeners', () => {
    const tracker = start(config);
    const listener = vi.fn();
    tracker.on('track', listener);
    tracker.track('newsletter');
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ goal: 'newsletter', kind: 'micro', role: 'secondary' }));
  });
});

describe('rejected events', () => {
  it('returns undefined from track() on every path: queued, rejected, skipped by once, dropped by beforeSend', (context) => {
    expectConsole(context);
    const tracker = start({ ...config, beforeSend: (event) => (event.goal === 'demo' ? null : event) });
    const loose = tracker as unknown as Tracker;
    const results = [
      tracker.track('newsletter'),
      loose.track('purchse'),
      tracker.track('landing'),
      tracker.track('landing'),
      tracker.track('demo'),
    ];
    expect(results).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(console.warn).toHaveBeenCalledOnce();
  });

  it('warns, calls onError and error listeners for an unknown goal, and throws nothing', async (context) => {
    expectConsole(context);
    const onError = vi.fn();
    const tracker = start({ ...config, onError });
    const listener = vi.fn();
    tracker.on('error', listener);
    expect(() => (tracker as unknown as Tracker).track('purchse')).not.toThrow();
    expect(console.warn).toHaveBeenCalledOnce();
    const message = String(vi.mocked(console.warn).mock.calls[0]![0]);
    expect(message).toMatch(/^\[cairn\] Event "purchse" rejected:/);
    // The console line has the prefix once; the error itself has none.
    expect((onError.mock.calls[0]![0] as ValidationError).message).toMatch(/^Event "purchse" rejected:/);
    expect(message).toContain('goal: unknown goal "purchse"; known goals: view_product, newsletter, purchase');
    const error = onError.mock.calls[0]![0] as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(isCairnError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'validation', goal: 'purchse' });
    expect(listener).toHaveBeenCalledWith(error);
    await advance(10_000);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('warns with the path of each bad prop and sends the events queued before it', async (context) => {
    expectConsole(context);
    const onError = vi.fn();
    const tracker = start({ ...config, onError });
    tracker.track('view_product', { sku: 'A-1' });
    tracker.track('purchase', { order_id: 42, total: Number.NaN } as never);
    const message = String(vi.mocked(console.warn).mock.calls[0]![0]);
    expect(message).toContain('Event "purchase" rejected');
    expect(message).toContain('props.order_id: expected string, received 42');
    expect(message).toContain('props.total: expected number, received NaN');
    expect((onError.mock.calls[0]![0] as ValidationError).issues.map((issue) => issue.path)).toEqual(['props.order_id', 'props.total']);
    await advance(2_000);
    expect(goalsSent()).toEqual(['view_product']);
  });

  it('rejects hostile props without throwing', (context) => {
    expectConsole(context);
    const tracker = start(config) as unknown as Tracker;
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const hostile = [circular, JSON.parse('{"__proto__":1}'), { sku: () => 'x' }, { sku: 'x'.repeat(10_240) }, 'not an object', 42];
    for (const props of hostile) expect(() => tracker.track('view_product', props as never)).not.toThrow();
    expect(console.warn).toHaveBeenCalledTimes(hostile.length);
  });

  it('goes on when the onError hook or an error listener throws', async (context) => {
    expectConsole(context);
    const tracker = start({
      ...config,
      onError: () => {
        throw new Error('hook bug');
      },
    }) as unknown as Tracker;
    tracker.on('error', () => {
      throw new Error('listener bug');
    });
    const second = vi.fn();
    tracker.on('error', second);
    expect(() => tracker.track('nope')).not.toThrow();
    expect(second).toHaveBeenCalledOnce();
    tracker.track('newsletter');
    await tracker.flush();
    expect(goalsSent()).toEqual(['newsletter']);
  });

  it('stops calling an error listener once it is removed', (context) => {
    expectConsole(context);
    const tracker = start(config) as unknown as Tracker;
    const listener = vi.fn();
    const off = tracker.on('error', listener);
    off();
    tracker.track('nope');
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('once', () => {
  it("counts a goal with once: 'page' once per page load", async () => {
    const first = start(config);
    first.track('landing');
    first.track('landing');
    await first.flush();
    first.shutdown();
    const second = start(config);
    second.track('landing');
    await second.flush();
    expect(goalsSent()).toEqual(['landing', 'landing']);
  });

  it("counts a goal with once: 'session' once per session, across page loads", async () => {
    const first = start(config);
    first.track('first_visit');
    await first.flush();
    first.shutdown();
    const second = start(config);
    second.track('first_visit');
    vi.advanceTimersByTime(SESSION_TIMEOUT_MS + 1);
    second.track('first_visit');
    await second.flush();
    const events = sent();
    expect(events.map((event) => event.goal)).toEqual(['first_visit', 'first_visit']);
    expect(events[1]!.context.sessionId).not.toBe(events[0]!.context.sessionId);
  });

  it("counts a goal with once: 'user' once in this browser, across sessions", async () => {
    const first = start(config);
    first.track('signup');
    await first.flush();
    first.shutdown();
    vi.advanceTimersByTime(SESSION_TIMEOUT_MS * 10);
    const second = start(config);
    second.track('signup');
    await advance(10_000);
    expect(goalsSent()).toEqual(['signup']);
  });

  it('does not count a hit that beforeSend dropped', async () => {
    let drop = true;
    const tracker = start({ ...config, beforeSend: (event) => (drop ? null : event) });
    tracker.track('landing');
    drop = false;
    tracker.track('landing');
    await tracker.flush();
    expect(goalsSent()).toEqual(['landing']);
  });
});

describe('when events are sent', () => {
  it('sends a macro event at once, before the interval', async () => {
    const tracker = start(config);
    tracker.track('view_product', { sku: 'A-1' });
    tracker.track('purchase', { order_id: 'O-1', total: 5 });
    await advance();
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(goalsSent()).toEqual(['view_product', 'purchase']);
  });

  it('holds micro events for the interval, 2 s by default', async () => {
    const tracker = start(config);
    tracker.track('view_product', { sku: 'A-1' });
    await advance(1_999);
    expect(fetchMock).not.toHaveBeenCalled();
    await advance(1);
    expect(goalsSent()).toEqual(['view_product']);
  });

  it('honours a configured interval', async () => {
    const tracker = start({ ...config, batch: { intervalMs: 500 } });
    tracker.track('newsletter');
    await advance(499);
    expect(fetchMock).not.toHaveBeenCalled();
    await advance(1);
    expect(fetchMock).toHaveBeenCalledOnce();
  });

  it('sends micro events as soon as maxEvents are waiting', async () => {
    const tracker = start({ ...config, batch: { maxEvents: 3 } });
    tracker.track('newsletter');
    tracker.track('newsletter');
    await advance();
    expect(fetchMock).not.toHaveBeenCalled();
    tracker.track('newsletter');
    await advance();
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(goalsSent()).toHaveLength(3);
  });

  it('sends a burst of 1,000 events in at most 12 requests, all of them', async () => {
    const tracker = start(config);
    for (let i = 0; i < 1_000; i++) tracker.track('view_product', { sku: `S-${i}`, price: i });
    await advance(2_000);
    expect(fetchMock.mock.calls.length).toBeLessThanOrEqual(12);
    expect(new Set(sent().map((event) => event.id)).size).toBe(1_000);
  });

  it('retries a failed batch with the same ids', async () => {
    fetchMock.mockResolvedValueOnce(new Response('', { status: 503, headers: { 'Retry-After': '5' } }));
    const tracker = start(config);
    tracker.track('purchase', { order_id: 'O-1', total: 5 });
    await advance(4_999);
    expect(fetchMock).toHaveBeenCalledOnce();
    await advance(1);
    const [failed, retried] = sent();
    expect(retried!.id).toBe(failed!.id);
    // A 503 says the batch was not stored: the retry goes without asking the collector first.
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('after a network error, asks the collector which events it holds, and sends only the rest', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const tracker = start(config);
    tracker.track('purchase', { order_id: 'O-1', total: 5 });
    tracker.track('purchase', { order_id: 'O-2', total: 6 });
    await advance(0);
    const [first, second] = JSON.parse(String(fetchMock.mock.calls[0]![1].body)).events as SentEvent[];
    fetchMock.mockImplementation(async (_url, init) => {
      const body = JSON.parse(String(init.body)) as { ack?: string[] };
      return new Response(JSON.stringify(body.ack ? { held: [first!.id] } : { accepted: 1 }), { status: 200 });
    });
    await advance(70_000);
    expect(JSON.parse(String(fetchMock.mock.calls[1]![1].body))).toEqual({ v: 1, ack: [first!.id, second!.id] });
    expect(sent().slice(2).map((event) => event.id)).toEqual([second!.id]);
    await tracker.flush();
    expect(localStorage.getItem(`cairn:q:${shortHash(ENDPOINT)}`)).toBeNull();
  });

  it('sends everything again when the collector does not answer the query, and stops asking it', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    fetchMock.mockResolvedValueOnce(new Response('{"error":"invalid batch"}', { status: 400 }));
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const tracker = start(config);
    tracker.track('purchase', { order_id: 'O-1', total: 5 });
    await advance(70_000);
    await advance(70_000);
    const bodies = fetchMock.mock.calls.map(([, init]) => Object.keys(JSON.parse(String(init.body)) as object).includes('ack'));
    expect(bodies).toEqual([false, true, false, false]);
    expect(new Set(sent().map((event) => event.id)).size).toBe(1);
  });
});

describe('beforeSend', () => {
  it('can change an event before it is queued', async () => {
    const tracker = start({
      ...config,
      beforeSend: (event) => ({ ...event, props: { ...event.props, sku: String(event.props.sku).toLowerCase() }, context: { ...event.context, experiment: 'b' } }),
    });
    tracker.track('view_product', { sku: 'A-1' });
    await tracker.flush();
    expect(sent()[0]).toMatchObject({ props: { sku: 'a-1' }, context: { experiment: 'b' } });
  });

  it('drops an event when it returns null', async () => {
    const tracker = start({ ...config, beforeSend: (event) => (event.goal === 'newsletter' ? null : event) });
    tracker.track('newsletter');
    tracker.track('demo');
    await tracker.flush();
    expect(goalsSent()).toEqual(['demo']);
  });

  it('loses only the event it throws on, with a warning', async (context) => {
    expectConsole(context);
    const onError = vi.fn();
    const tracker = start({
      ...config,
      onError,
      beforeSend: (event) => {
        if (event.goal === 'newsletter') throw new Error('hook bug');
        return event;
      },
    });
    tracker.track('demo');
    tracker.track('newsletter');
    tracker.track('purchase', { order_id: 'O-2', total: 3 });
    await tracker.flush();
    expect(goalsSent()).toEqual(['demo', 'purchase']);
    expect(String(vi.mocked(console.warn).mock.calls[0]![0])).toContain('could not track "newsletter": Error: hook bug');
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(CairnError);
  });

  it('loses only an event it returns in a form that cannot be sent, never the queue', async (context) => {
    expectConsole(context);
    const tracker = start({
      ...config,
      beforeSend: (event) => {
        if (event.goal === 'newsletter') return { ...event, props: { big: 10n } } as never;
        if (event.goal === 'landing') return { ...event, context: undefined } as never;
        return event;
      },
    });
    tracker.track('demo');
    tracker.track('newsletter');
    tracker.track('landing');
    tracker.track('purchase', { order_id: 'O-3', total: 3 });
    await tracker.flush();
    expect(goalsSent()).toEqual(['demo', 'purchase']);
    expect(console.warn).toHaveBeenCalledTimes(2);
    expect(String(vi.mocked(console.warn).mock.calls[0]![0])).toContain('could not track "newsletter"');
    expect(String(vi.mocked(console.warn).mock.calls[1]![0])).toContain('could not track "landing"');
  });
});

describe('identify', () => {
  it('adds the user id to later events and forgets it on identify(null)', async () => {
    const tracker = start(config);
    tracker.track('newsletter');
    tracker.identify('user-42');
    tracker.track('newsletter');
    tracker.identify(null);
    tracker.track('newsletter');
    await tracker.flush();
    expect(sent().map((event) => event.context.userId)).toEqual([undefined, 'user-42', undefined]);
    expect(new Set(sent().map((event) => event.context.anonymousId)).size).toBe(1);
  });

  it('remembers the user id on the next page load', async () => {
    const first = start(config);
    first.identify('user-42');
    first.shutdown();
    const second = start(config);
    second.track('newsletter');
    await second.flush();
    expect(sent()[0]!.context.userId).toBe('user-42');
  });
});

describe('flush', () => {
  it('resolves only once the collector accepted the events', async () => {
    let answer!: (response: Response) => void;
    fetchMock.mockImplementationOnce(() => new Promise<Response>((resolve) => (answer = resolve)));
    const tracker = start(config);
    tracker.track('newsletter');
    let done = false;
    void tracker.flush().then(() => (done = true));
    await advance();
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(done).toBe(false);
    answer(new Response('{}', { status: 200 }));
    await advance();
    expect(done).toBe(true);
  });

  it('resolves at once when nothing is waiting', async () => {
    const tracker = start(config);
    await expect(tracker.flush()).resolves.toBeUndefined();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('page lifecycle', () => {
  it('sends what is waiting by beacon on pagehide, and nothing by fetch', () => {
    const sendBeacon = vi.fn(() => true);
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator) as Navigator, { sendBeacon }));
    const tracker = start(config);
    tracker.track('view_product', { sku: 'A-1' });
    tracker.track('newsletter');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(sendBeacon).toHaveBeenCalledOnce();
    const [url, body] = sendBeacon.mock.calls[0] as unknown as [string, string];
    expect(url).toBe(ENDPOINT);
    expect((JSON.parse(body) as { events: TrackedEvent[] }).events.map((event) => event.goal)).toEqual(['view_product', 'newsletter']);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sends at once when the page becomes hidden', async () => {
    const tracker = start(config);
    tracker.track('newsletter');
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await advance();
    expect(fetchMock).toHaveBeenCalledOnce();
    visibility.mockRestore();
  });

  it('sends the events a closed page left behind', async () => {
    const queueKey = `cairn:q:${shortHash(ENDPOINT)}:old-tab`;
    const left = { id: 'left-behind-event-0001', goal: 'newsletter', kind: 'micro', ts: Date.now() - 5_000, seq: 3, props: {}, context: { anonymousId: 'a', sessionId: 's' } };
    localStorage.setItem(queueKey, JSON.stringify({ t: Date.now() - 5_000, c: 1, u: [], e: [left] }));
    start(config);
    await advance();
    // Taken over at once, sent after 2 s (that page's own last requests land first), after asking the collector.
    expect(localStorage.getItem(queueKey)).toBeNull();
    expect(sent()).toEqual([]);
    await advance(2_100);
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1].body))).toEqual({ v: 1, ack: ['left-behind-event-0001'] });
    expect(sent().map((event) => event.id)).toEqual(['left-behind-event-0001']);
  });
});

describe('shutdown', () => {
  it('stops every timer and sends nothing afterwards', async () => {
    const baseline = vi.getTimerCount();
    const tracker = start(config);
    tracker.track('newsletter');
    await advance();
    expect(vi.getTimerCount()).toBeGreaterThan(baseline);
    tracker.shutdown();
    expect(vi.getTimerCount()).toBe(baseline);
    tracker.track('demo');
    await advance(600_000);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(baseline);
  });

  it('leaves no retry timer when a request open at shutdown fails afterwards', async () => {
    let answer!: (response: Response) => void;
    fetchMock.mockImplementationOnce(() => new Promise<Response>((resolve) => (answer = resolve)));
    const baseline = vi.getTimerCount();
    const tracker = start(config);
    tracker.track('demo');
    await advance();
    tracker.shutdown();
    answer(new Response('', { status: 500 }));
    await advance();
    expect(vi.getTimerCount()).toBe(baseline);
    await advance(600_000);
    expect(fetchMock).toHaveBeenCalledOnce();
  });

  it('removes every lifecycle listener it added', () => {
    const added: [EventTarget, string, unknown][] = [];
    const removed: [EventTarget, string, unknown][] = [];
    for (const target of [window, document] as EventTarget[]) {
      const add = target.addEventListener.bind(target);
      const remove = target.removeEventListener.bind(target);
      vi.spyOn(target, 'addEventListener').mockImplementation((type, listener, options) => {
        added.push([target, type, listener]);
        add(type, listener, options);
      });
      vi.spyOn(target, 'removeEventListener').mockImplementation((type, listener, options) => {
        removed.push([target, type, listener]);
        remove(type, listener, options);
      });
    }
    const tracker = start(config);
    expect(added.map(([, type]) => type).sort()).toEqual(['pagehide', 'pageshow', 'visibilitychange']);
    tracker.shutdown();
    for (const entry of added) expect(removed).toContainEqual(entry);
  });

  it('no longer reacts to pagehide', () => {
    const sendBeacon = vi.fn(() => true);
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator) as Navigator, { sendBeacon }));
    const tracker = start(config);
    tracker.track('newsletter');
    tracker.shutdown();
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(sendBeacon).not.toHaveBeenCalled();
  });

  it('keeps waiting events stored for the next page', async () => {
    const tracker = start(config);
    tracker.track('newsletter');
    tracker.shutdown();
    await advance();
    const stored = Object.keys(localStorage).filter((key) => key.startsWith('cairn:q:'));
    expect(stored).toHaveLength(1);
    expect(localStorage.getItem(stored[0]!)).toContain('"goal":"newsletter"');
  });

  it('can be called twice, and flush() after it resolves at once', async () => {
    const tracker = start(config);
    tracker.shutdown();
    expect(() => tracker.shutdown()).not.toThrow();
    await expect(tracker.flush()).resolves.toBeUndefined();
  });
});

describe('storage', () => {
  it("keeps nothing in localStorage with storage: 'memory'", async () => {
    const tracker = start({ ...config, delivery: { storage: 'memory' } });
    tracker.track('newsletter');
    await advance();
    expect(Object.keys(localStorage)).toEqual([]);
    await tracker.flush();
    expect(goalsSent()).toEqual(['newsletter']);
  });

  it('falls back to memory with one warning when localStorage refuses writes, and still sends', async (context) => {
    expectConsole(context);
    const full = {
      length: 0,
      key: () => null,
      getItem: () => null,
      removeItem: () => {},
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    };
    vi.stubGlobal('localStorage', full);
    const tracker = start(config);
    tracker.track('newsletter');
    tracker.track('demo');
    await tracker.flush();
    expect(goalsSent()).toEqual(['newsletter', 'demo']);
    expect(console.warn).toHaveBeenCalledOnce();
    expect(String(vi.mocked(console.warn).mock.calls[0]![0])).toContain('storage unavailable (QuotaExceededError: quota): events are kept in memory');
  });

  it('works when reading localStorage itself throws (storage blocked)', async (context) => {
    expectConsole(context);
    const original = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')!;
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
    try {
      const tracker = start(config);
      tracker.track('demo');
      await tracker.flush();
      expect(goalsSent()).toEqual(['demo']);
      expect(console.warn).toHaveBeenCalledOnce();
    } finally {
      Object.defineProperty(globalThis, 'localStorage', original);
    }
  });
});

describe('script-tag use', () => {
  it('tracks the valid goals of a config with a broken one, after one console.error', async (context) => {
    expectConsole(context);
    const tracker = start({ endpoint: ENDPOINT, goals: { ok: { kind: 'macro' }, broken: { kind: 'mega' } } } as never, {}, { lenient: true }) as unknown as Tracker;
    expect(console.error).toHaveBeenCalledOnce();
    tracker.track('ok');
    tracker.track('broken');
    await tracker.flush();
    expect(goalsSent()).toEqual(['ok']);
    expect(String(vi.mocked(console.warn).mock.calls[0]![0])).toContain('unknown goal "broken"');
  });

  it('replays calls with the time given by its clock', async () => {
    const tracker = start(config, {}, { now: () => Date.parse('2025-06-01T11:59:00Z') });
    tracker.track('demo');
    await tracker.flush();
    expect(sent()[0]!.ts).toBe(Date.parse('2025-06-01T11:59:00Z'));
  });

  it('warns when goals declare triggers but no trigger module was given', (context) => {
    expectConsole(context);
    start({ endpoint: ENDPOINT, goals: { cta: { kind: 'micro', role: 'secondary', triggers: [{ on: 'click', selector: '.cta' }] } } });
    expect(console.warn).toHaveBeenCalledWith('[cairn] goals declare triggers, but no trigger module was passed: createTracker(config, { triggers })');
  });
});

describe('values other scripts left in storage', () => {
  it('replaces an anonymous id that is not an id (garbage, 1 MB) and forgets a user id over 256 characters', async () => {
    for (const junk of ['x'.repeat(1_000_000), 'not an id!', '"quoted"']) {
      localStorage.setItem('cairn:aid', junk);
      localStorage.setItem('cairn:uid', 'u'.repeat(300));
      localStorage.setItem('cairn:session', JSON.stringify({ id: 'y'.repeat(100_000), seq: 1, last: Date.now(), once: [] }));
      const tracker = start(config);
      tracker.track('newsletter');
      await tracker.flush();
      tracker.shutdown();
    }
    const events = sent();
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event.context.anonymousId).toMatch(/^[\w-]{21}$/);
      expect(event.context.sessionId).toMatch(/^[\w-]{21}$/);
      expect(event.context).not.toHaveProperty('userId');
    }
  });
});

