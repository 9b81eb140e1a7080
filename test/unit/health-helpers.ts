import { vi } from 'vitest';
import { createTracker, triggers, type CairnConfig, type Tracker, type TrackedEvent } from '../../src/index';
import type { MetricReport, MetricSources } from '../../src/health/health-module';
import { createHealth } from '../../src/health/start-health';

export const ENDPOINT = 'https://collect.test/cairn';

/** A shop: a macro purchase, a micro add_to_cart. */
export const shop = {
  endpoint: ENDPOINT,
  goals: {
    add_to_cart: { kind: 'micro', role: 'milestone' },
    purchase: { kind: 'macro' },
  },
} satisfies CairnConfig;

/** web-vitals stand-ins: `report` calls the module's callback of a metric as web-vitals would. */
export function fakeVitals() {
  const callbacks: Partial<Record<MetricReport['name'], (metric: MetricReport) => void>> = {};
  const source = (name: MetricReport['name']) => (callback: (metric: MetricReport) => void) => void (callbacks[name] = callback);
  const sources: MetricSources = { onLCP: source('LCP'), onINP: source('INP'), onCLS: source('CLS'), onFCP: source('FCP'), onTTFB: source('TTFB') };
  const report = (name: MetricReport['name'], value: number, extra: Partial<MetricReport> = {}) =>
    callbacks[name]?.({ name, value, rating: 'good', id: `v6-${name}`, navigationType: 'navigate', ...extra });
  return { sources, report };
}

const trackers: Tracker[] = [];

/** Starts a tracker with the health module on fake vitals; `events` gets every event queued. */
export function open(config: CairnConfig = shop) {
  const vitals = fakeVitals();
  const events: TrackedEvent[] = [];
  const tracker = createTracker(config, { triggers, health: createHealth(vitals.sources) });
  tracker.on('track', (event) => events.push(event));
  trackers.push(tracker);
  const healthEvents = () => events.filter((event) => event.goal === 'page_health');
  return { tracker, events, healthEvents, ...vitals };
}

export function setUp(): void {
  localStorage.clear();
  vi.useFakeTimers();
  vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status: 200 })));
  Object.defineProperty(navigator, 'sendBeacon', { value: vi.fn(() => true), configurable: true });
  history.replaceState(null, '', '/');
  document.body.replaceChildren();
  show();
}

export function tearDown(): void {
  for (const tracker of trackers.splice(0)) tracker.shutdown();
  vi.useRealTimers();
  vi.unstubAllGlobals();
}

export function hide(): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

export function show(): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** A page coming back from the back/forward cache. */
export function restore(): void {
  const event = new Event('pageshow') as PageTransitionEvent;
  Object.defineProperty(event, 'persisted', { value: true });
  window.dispatchEvent(event);
}
