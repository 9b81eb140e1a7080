import { vi, type Mock } from 'vitest';
import { createTracker, defineConfig, type CairnConfig, type Tracker, type TrackedEvent } from '../../src/index';
import { context } from '../../src/context-entry';

/** A shop with a checkout funnel, as the context tests use it. */
export const shop = defineConfig({
  endpoint: 'https://collect.test/cairn',
  goals: {
    view_product: { kind: 'micro', role: 'milestone', props: { sku: 'string' } },
    add_to_cart: { kind: 'micro', role: 'milestone', value: 'price', currency: 'EUR', props: { sku: 'string', price: 'number' } },
    begin_checkout: { kind: 'micro', role: 'milestone' },
    newsletter: { kind: 'micro', role: 'secondary' },
    purchase: { kind: 'macro', value: 'total', currency: 'EUR', props: { total: 'number' } },
  },
  funnels: { checkout: ['view_product', 'add_to_cart', 'begin_checkout', 'purchase'] },
});

export const MINUTE = 60_000;

let fetchMock: Mock<(url: string, init: RequestInit) => Promise<Response>>;
const running: Tracker[] = [];

/** Installs a collector that answers 200 and the page's clock. */
export function setUpPage(): void {
  localStorage.clear();
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-03-02T09:00:00Z'));
  fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
  land('/', '');
}

export function tearDownPage(): void {
  for (const tracker of running.splice(0)) tracker.shutdown();
  vi.useRealTimers();
  vi.unstubAllGlobals();
}

/** A page load: the URL and referrer the next tracker starts with. */
export function land(path: string, referrer: string): void {
  history.replaceState(null, '', path);
  Object.defineProperty(document, 'referrer', { value: referrer, configurable: true });
}

/** Starts a tracker with the context module on the current page (a page load). */
export function open<C extends CairnConfig = typeof shop>(config: C = shop as unknown as C): Tracker<C> {
  for (const tracker of running.splice(0)) tracker.shutdown();
  const tracker = createTracker(config, { context });
  running.push(tracker as unknown as Tracker);
  return tracker;
}

/** Every event the collector received, with the batch context merged back in, in order. */
export function sent(): TrackedEvent[] {
  return fetchMock.mock.calls.flatMap(([, init]) => {
    const body = JSON.parse(String(init.body)) as { context: Record<string, unknown>; events: TrackedEvent[] };
    return body.events.map((event) => ({ ...event, context: { ...body.context, ...event.context } as TrackedEvent['context'] }));
  });
}

/** The request bodies the collector received, as sent. */
export const sentBodies = (): string[] => fetchMock.mock.calls.map(([, init]) => String(init.body));

/** Events of one goal the collector received. */
export const sentOf = (goal: string) => sent().filter((event) => event.goal === goal);

/** Lets the tracker store and send what is waiting. */
export async function settle(tracker: Tracker): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  await tracker.flush();
}
