// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { ConfigError, createTracker, defineConfig, type CairnConfig, type CairnError, type Tracker, type TrackedEvent } from '../../src/index';
import { expectConsole } from './setup';

const ENDPOINT = 'https://collect.test/cairn';

const goals = {
  view_product: { kind: 'micro', role: 'milestone', props: { sku: 'string' } },
  ad_click: { kind: 'micro', role: 'secondary', purpose: 'marketing' },
  purchase: { kind: 'macro', value: 'total', currency: 'EUR', props: { total: 'number' } },
} as const;

const required = defineConfig({ endpoint: ENDPOINT, goals, consent: { required: true } });

let fetchMock: Mock<(url: string, init: RequestInit) => Promise<Response>>;
let beaconMock: Mock<(url: string, body: unknown) => boolean>;
const trackers: Tracker[] = [];

function start<C extends CairnConfig>(config: C): Tracker<C> {
  const tracker = createTracker(config);
  trackers.push(tracker as unknown as Tracker);
  return tracker;
}

type Batch = { context: Record<string, unknown>; events: TrackedEvent[] };
const batches = (): Batch[] => fetchMock.mock.calls.map(([, init]) => JSON.parse(String(init.body)) as Batch);
/** Every event received, with its batch's context merged in. */
const sent = () => batches().flatMap((b) => b.events.map((e) => ({ ...e, context: { ...b.context, ...e.context } })));
const cairnKeys = () => Object.keys(localStorage).filter((key) => key.startsWith('cairn:')).sort();
const advance = (ms = 0) => vi.advanceTimersByTimeAsync(ms);
const T0 = Date.parse('2026-12-02T09:00:00Z');

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
  beaconMock = vi.fn(() => true);
  vi.stubGlobal('fetch', fetchMock);
  Object.defineProperty(navigator, 'sendBeacon', { value: beaconMock, configurable: true });
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: undefined, configurable: true });
  history.replaceState(null, '', '/');
  document.title = 'Shop';
});

afterEach(() => {
  for (const tracker of trackers.splice(0)) tracker.shutdown();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('consent required, while pending', () => {
  it('stores nothing and sends nothing, however long the page stays open', async () => {
    const cairn = start(required);
    cairn.track('view_product', { sku: 'TEE-1' });
    cairn.track('purchase', { total: 20 });
    cairn.identify('user-1');
    await advance(60_000);
    window.dispatchEvent(new Event('pagehide'));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(beaconMock).not.toHaveBeenCalled();
    expect(Object.keys(localStorage)).toEqual([]);
    expect(Object.keys(sessionStorage)).toEqual([]);
  });

  it('sends the waiting events on a grant, in order, with their own times, pages and sequence', async () => {
    const cairn = start(required);
    history.replaceState(null, '', '/p/tee-1');
    document.title = 'Tee';
    cairn.track('view_product', { sku: 'TEE-1' });
    await advance(5_000);
    history.pushState(null, '', '/checkout');
    document.title = 'Checkout';
    cairn.track('purchase', { total: 20 });
    await advance(5_000);
    cairn.consent('granted');
    await advance(0);

    const events = sent();
    expect(events.map((e) => [e.goal, e.ts, e.seq, e.context.page.path, e.context.page.title])).toEqual([
      ['view_product', T0, 1, '/p/tee-1', 'Tee'],
      ['purchase', T0 + 5_000, 2, '/checkout', 'Checkout'],
    ]);
    expect(events[0]!.context.consent).toEqual({ analytics: 'granted', marketing: 'granted' });
    // The ids made at the grant are the stored ones.
    expect(localStorage.getItem('cairn:aid')).toBe(events[0]!.context.anonymousId);
  });

  it('keeps a returning visitor\'s stored ids when consent comes after the first events', async () => {
    localStorage.setItem('cairn:aid', 'returning-visitor-1');
    const cairn = start(required);
    cairn.track('view_product', { sku: 'TEE-1' });
    cairn.consent('granted');
    await advance(2_000);
    expect(sent()[0]!.context.anonymousId).toBe('returning-visitor-1');
  });

  it('replays identify() made while pending, so the user id rides on the events after it', async () => {
    const cairn = start(required);
    cairn.track('view_product', { sku: 'A' });
    cairn.identify('user-7');
    cairn.track('purchase', { total: 5 });
    cairn.consent('granted');
    await advance(0);
    expect(sent().map((e) => e.context.userId)).toEqual([undefined, 'user-7']);
  });

  it('keeps at most maxStoredEvents in memory, dropping the oldest micro event first and never a macro one', async () => {
    const cairn = start({ ...required, delivery: { maxStoredEvents: 3 } });
    cairn.track('purchase', { total: 1 });
    cairn.track('view_product', { sku: 'old' });
    cairn.track('view_product', { sku: 'mid' });
    cairn.track('view_product', { sku: 'new' });
    cairn.track('purchase', { total: 2 });
    cairn.consent('granted');
    await advance(0);
    expect(sent().map((e) => e.props.sku ?? e.props.total)).toEqual([1, 'new', 2]);
  });
});

describe('a denial', () => {
  it('drops the waiting events, says how many to the error hooks, and stores nothing', async () => {
    const errors: CairnError[] = [];
    const cairn = start({ ...required, onError: (e) => errors.push(e) });
    cairn.track('view_product', { sku: 'A' });
    cairn.track('purchase', { total: 5 });
    cairn.consent('denied');
    cairn.track('view_product', { sku: 'B' });
    await advance(10_000);
    window.dispatchEvent(new Event('pagehide'));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(beaconMock).not.toHaveBeenCalled();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['consent', 'consent denied: 2 event(s) tracked before the choice dropped']]);
    expect(cairnKeys()).toEqual([]);
  });

  it('after a grant, deletes every key cairn wrote and sends nothing more, not even at pagehide', async () => {
    fetchMock.mockImplementation(async () => new Response('', { status: 503 }));
    localStorage.setItem('other-app', 'kept');
    const cairn = start(required);
    cairn.consent('granted');
    cairn.track('view_product', { sku: 'A' });
    await advance(0);
    expect(cairnKeys().length).toBeGreaterThan(1);
    const requests = fetchMock.mock.calls.length;
    cairn.consent('denied');
    cairn.track('purchase', { total: 5 });
    await advance(120_000);
    window.dispatchEvent(new Event('pagehide'));
    expect(cairnKeys()).toEqual([]);
    expect(localStorage.getItem('other-app')).toBe('kept');
    expect(fetchMock.mock.calls.length).toBe(requests);
    expect(beaconMock).not.toHaveBeenCalled();
  });

  it('is followed by a grant that starts from nothing: a new anonymous id', async () => {
    const cairn = start(required);
    cairn.consent('granted');
    cairn.track('view_product', { sku: 'A' });
    await advance(2_000);
    cairn.consent('denied');
    cairn.consent('granted');
    cairn.track('view_product', { sku: 'B' });
    await advance(2_000);
    const [first, second] = sent();
    expect(second!.context.anonymousId).not.toBe(first!.context.anonymousId);
    expect(second!.seq).toBe(1);
  });
});

describe('consent per purpose', () => {
  it('sends analytics goals and holds a marketing goal until marketing is granted', async () => {
    const cairn = start(required);
    cairn.track('ad_click');
    cairn.consent({ analytics: 'granted' });
    cairn.track('view_product', { sku: 'A' });
    await advance(2_000);
    expect(sent().map((e) => e.goal)).toEqual(['view_product']);
    cairn.consent({ marketing: 'granted' });
    await advance(2_000);
    const click = sent().find((e) => e.goal === 'ad_click')!;
    expect(click).toMatchObject({ purpose: 'marketing', ts: T0 });
    expect(click.context.consent).toEqual({ analytics: 'granted', marketing: 'granted' });
  });

  it('drops the held marketing goal when marketing is denied, and keeps sending analytics', async () => {
    const cairn = start(required);
    cairn.track('ad_click');
    cairn.consent({ analytics: 'granted', marketing: 'denied' });
    cairn.track('ad_click');
    cairn.track('view_product', { sku: 'A' });
    await advance(2_000);
    expect(sent().map((e) => e.goal)).toEqual(['view_product']);
    expect(sent()[0]!.context.consent).toEqual({ analytics: 'granted', marketing: 'denied' });
  });

  it("understands Google consent mode's types: analytics_storage, and the three ad_* types for marketing", async () => {
    const cairn = start(required);
    cairn.consent({ analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'denied', ad_personalization: 'granted' });
    cairn.track('view_product', { sku: 'A' });
    cairn.track('ad_click');
    await advance(2_000);
    expect(sent().map((e) => e.goal)).toEqual(['view_product']);
    expect(sent()[0]!.context.consent).toEqual({ analytics: 'granted', marketing: 'denied' });
  });

  it('tracks at once without consent.required, until a denial (an opt-out site)', async () => {
    const cairn = start(defineConfig({ endpoint: ENDPOINT, goals }));
    cairn.track('ad_click');
    await advance(2_000);
    expect(sent().map((e) => e.goal)).toEqual(['ad_click']);
    cairn.consent({ marketing: 'denied' });
    cairn.track('ad_click');
    cairn.track('view_product', { sku: 'A' });
    await advance(2_000);
    expect(sent().map((e) => e.goal)).toEqual(['ad_click', 'view_product']);
  });
});

describe('Global Privacy Control', () => {
  const gpc = (value: unknown) => Object.defineProperty(navigator, 'globalPrivacyControl', { value, configurable: true });

  it('denies marketing before the first event, whatever the default or a later grant says, and flags the batch', async () => {
    gpc(true);
    const cairn = start(defineConfig({ endpoint: ENDPOINT, goals }));
    cairn.track('ad_click');
    cairn.track('view_product', { sku: 'A' });
    cairn.consent('granted');
    cairn.consent({ marketing: 'granted' });
    cairn.track('ad_click');
    await advance(2_000);
    expect(sent().map((e) => e.goal)).toEqual(['view_product']);
    expect(batches()[0]!.context).toMatchObject({ gpc: true, consent: { analytics: 'granted', marketing: 'denied' } });
  });

  it("denies everything with gpc: 'deny-all'", async () => {
    gpc(true);
    const cairn = start(defineConfig({ endpoint: ENDPOINT, goals, consent: { gpc: 'deny-all' } }));
    cairn.track('view_product', { sku: 'A' });
    cairn.consent('granted');
    await advance(2_000);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(cairnKeys()).toEqual([]);
  });

  it("is left to the site with gpc: 'ignore', and then not flagged", async () => {
    gpc(true);
    const cairn = start(defineConfig({ endpoint: ENDPOINT, goals, consent: { gpc: 'ignore' } }));
    cairn.track('ad_click');
    await advance(2_000);
    expect(sent().map((e) => e.goal)).toEqual(['ad_click']);
    expect(batches()[0]!.context).not.toHaveProperty('gpc');
  });

  it('counts only a signal that is exactly true', async () => {
    gpc('1');
    const cairn = start(defineConfig({ endpoint: ENDPOINT, goals }));
    cairn.track('ad_click');
    await advance(2_000);
    expect(sent().map((e) => e.goal)).toEqual(['ad_click']);
  });
});

describe('a remembered choice (consent.persist)', () => {
  const persisted = defineConfig({ endpoint: ENDPOINT, goals, consent: { required: true, persist: true } });

  it('applies on the next page load, and survives the denial that deleted everything else', async () => {
    start(persisted).consent('granted');
    trackers.pop()!.shutdown();
    const next = start(persisted);
    next.track('view_product', { sku: 'A' });
    await advance(2_000);
    expect(sent()).toHaveLength(1);
    next.consent('denied');
    expect(cairnKeys()).toEqual(['cairn:consent']);
    trackers.pop()!.shutdown();
    start(persisted).track('view_product', { sku: 'B' });
    await advance(2_000);
    expect(sent()).toHaveLength(1);
  });

  it('is forgotten after 13 months', async () => {
    start(persisted).consent('granted');
    trackers.pop()!.shutdown();
    vi.setSystemTime(T0 + 396 * 24 * 3600 * 1000);
    start(persisted).track('view_product', { sku: 'A' });
    await advance(2_000);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('reaches the other tabs: a withdrawal in one stops the other', async () => {
    const cairn = start(persisted);
    cairn.consent('granted');
    cairn.track('view_product', { sku: 'A' });
    await advance(2_000);
    // The other tab writes the shared storage; this one gets the storage event.
    const value = JSON.stringify({ v: { analytics: 'denied', marketing: 'denied' }, at: Date.now() });
    localStorage.setItem('cairn:consent', value);
    window.dispatchEvent(new StorageEvent('storage', { key: 'cairn:consent', newValue: value }));
    cairn.track('view_product', { sku: 'B' });
    await advance(2_000);
    expect(sent().map((e) => e.props.sku)).toEqual(['A']);
  });

  it('reaches a tab the storage event missed (back from the back/forward cache): when it is shown again', async () => {
    const cairn = start(persisted);
    cairn.consent('granted');
    cairn.track('view_product', { sku: 'A' });
    await advance(2_000);
    const denied = JSON.stringify({ v: { analytics: 'denied', marketing: 'denied' }, at: Date.now() });
    localStorage.setItem('cairn:consent', denied); // no storage event
    window.dispatchEvent(new Event('pageshow'));
    cairn.track('view_product', { sku: 'B' });
    await advance(2_000);
    expect(sent().map((e) => e.props.sku)).toEqual(['A']);
    expect(Object.keys(localStorage).filter((key) => key !== 'cairn:consent')).toEqual([]);
  });
});

describe('consent config and calls', () => {
  it('refuses a required consent that defaults to granted, naming the path', () => {
    const bad = { endpoint: ENDPOINT, goals, consent: { required: true, default: 'granted' } } as const;
    expect(() => createTracker(bad)).toThrow(ConfigError);
    try {
      createTracker(bad);
    } catch (error) {
      expect((error as ConfigError).issues).toEqual([{ path: 'consent.default', message: 'consent is required: "pending" or "denied", never "granted"' }]);
    }
  });

  it('refuses an unknown purpose, a bad default and unredacted names that are no props', () => {
    const bad = {
      endpoint: ENDPOINT,
      goals: { a: { kind: 'macro', purpose: 'ads', props: { email: 'string' }, unredacted: ['mail'] } },
      consent: { default: 'yes' },
    };
    try {
      createTracker(bad as unknown as CairnConfig);
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual(['consent.default', 'goals.a.purpose', 'goals.a.unredacted.0']);
    }
  });

  it('warns about a choice it cannot read and keeps the state it had', async (context) => {
    expectConsole(context);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cairn = start(required);
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    expect(() => cairn.consent(trap as never)).not.toThrow();
    expect(() => cairn.consent('yes' as never)).not.toThrow();
    cairn.track('view_product', { sku: 'A' });
    await advance(2_000);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(warn.mock.calls.map(([m]) => String(m))).toEqual([
      '[cairn] consent: expected "pending" | "granted" | "denied" or values per purpose, received [object Object]',
      '[cairn] consent: expected "pending" | "granted" | "denied" or values per purpose, received yes',
    ]);
  });
});

describe('cookieless mode (privacy.cookieless)', () => {
  it('keeps the ids and the queue in sessionStorage, nothing in localStorage', async () => {
    const cairn = start(defineConfig({ endpoint: ENDPOINT, goals, privacy: { cookieless: true } }));
    cairn.track('view_product', { sku: 'A' });
    await advance(2_000);
    expect(sent()).toHaveLength(1);
    expect(Object.keys(localStorage)).toEqual([]);
    expect(sessionStorage.getItem('cairn:aid')).toBe(sent()[0]!.context.anonymousId);
  });
});
