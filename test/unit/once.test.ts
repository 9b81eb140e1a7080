// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { createTracker, defineConfig, type Tracker } from '../../src/index';

const config = defineConfig({
  endpoint: 'https://collect.test/cairn',
  goals: {
    landing: { kind: 'micro', role: 'secondary', once: 'page' },
    first_visit: { kind: 'micro', role: 'secondary', once: 'session' },
    tour_seen: { kind: 'micro', role: 'secondary', once: 'session' },
    newsletter: { kind: 'micro', role: 'secondary', once: 'user' },
    signup: { kind: 'macro', once: 'user' },
  },
});

let fetchMock: Mock<(url: string, init: RequestInit) => Promise<Response>>;
const trackers: Tracker[] = [];

/** A page load: a tracker on this window's localStorage, shut down after the test. */
function load(): Tracker<typeof config> {
  const tracker = createTracker(config);
  trackers.push(tracker as unknown as Tracker);
  return tracker;
}

/** Leaves the page: stops the tracker once what it queued was sent. */
async function leave(tracker: Tracker): Promise<void> {
  await tracker.flush();
  tracker.shutdown();
}

/** Goal ids the collector received, in order. */
const received = () =>
  fetchMock.mock.calls.flatMap(([, init]) => (JSON.parse(String(init.body)) as { events: { goal: string }[] }).events.map((event) => event.goal));

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
  fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  for (const tracker of trackers.splice(0)) tracker.shutdown();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('once', () => {
  it.each(['landing', 'first_visit', 'newsletter', 'signup'] as const)('sends %s once when the page tracks it twice', async (goal) => {
    const page = load();
    page.track(goal);
    page.track(goal);
    await leave(page);
    expect(received()).toEqual([goal]);
  });

  it("counts each of two once: 'user' goals once, also after a reload", async () => {
    const first = load();
    first.track('newsletter');
    first.track('signup');
    await leave(first);
    const reloaded = load();
    reloaded.track('newsletter');
    reloaded.track('signup');
    await leave(reloaded);
    expect(received()).toEqual(['newsletter', 'signup']);
  });

  it("does not count a once: 'user' goal again that another open tab counted since", async () => {
    const tab = load();
    const other = load();
    tab.track('signup');
    other.track('newsletter');
    tab.track('newsletter');
    await leave(other);
    await leave(tab);
    expect(received().sort()).toEqual(['newsletter', 'signup']);
  });

  it("counts each of two once: 'session' goals once, also after a reload", async () => {
    const first = load();
    first.track('first_visit');
    first.track('tour_seen');
    await leave(first);
    vi.advanceTimersByTime(5_000);
    const reloaded = load();
    reloaded.track('first_visit');
    reloaded.track('tour_seen');
    await leave(reloaded);
    expect(received()).toEqual(['first_visit', 'tour_seen']);
  });
});
