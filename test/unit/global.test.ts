// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { TrackedEvent } from '../../src/schema/types';
import { expectConsole } from './setup';
import { context } from '../../src/context-entry';
import { triggers } from '../../src/triggers/dom-triggers';
import { createHealth } from '../../src/health/start-health';
import { fakeVitals } from './health-helpers';

type Stub = ((...args: unknown[]) => unknown) & { q?: [number, ArrayLike<unknown>][]; loaded?: boolean; track?: (...args: unknown[]) => void };
type StubWindow = Window & { cairn?: Stub; cairnTriggers?: unknown; cairnContext?: unknown };

/** The stub statement of docs/snippet.html, as a function (the test below checks the two are the same). */
function installStub(w: StubWindow): void {
  w.cairn = w.cairn || function (...args: unknown[]) { (w.cairn!.q = w.cairn!.q || []).push([Date.now(), args]); };
}

const config = {
  endpoint: 'https://collect.test/cairn',
  goals: {
    experiment_viewed: { kind: 'micro', role: 'secondary', props: { variant: ['a', 'b'] } },
    signed_up: { kind: 'macro', props: { plan: 'string' } },
  },
};

let fetchMock: Mock<(url: string, init?: RequestInit) => Promise<Response>>;
const win = () => window as unknown as StubWindow;

/** Loads the script build as a page would, after the snippet ran. */
async function loadLibrary(): Promise<void> {
  vi.resetModules();
  await import('../../src/global');
  // The config is read in a promise: wait until the queue was replayed.
  await vi.waitFor(() => expect(win().cairn?.q ?? []).toHaveLength(0));
  await new Promise((r) => setTimeout(r, 0));
}

/** A config block in the page, as the README shows it. */
function addConfigBlock(value: unknown = config): void {
  const block = document.createElement('script');
  block.type = 'application/json';
  block.dataset.cairnConfig = '';
  block.textContent = JSON.stringify(value);
  document.head.append(block);
}

/** The `<script>` element that loads cairn (typed text/plain, so that happy-dom does not fetch it). */
function addLoaderScript(attributes: Record<string, string>, src = '/cairn.global.js'): HTMLScriptElement {
  const script = document.createElement('script');
  script.type = 'text/plain';
  script.setAttribute('src', src);
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  document.head.append(script);
  return script;
}

beforeEach(() => {
  // As when the page already loaded cairn.triggers.js and cairn.context.js (the script tag then
  // uses them as they are).
  win().cairnTriggers = triggers;
  win().cairnContext = context;
  localStorage.clear();
  document.head.replaceChildren();
  fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  win().cairn?.('shutdown');
  delete win().cairn;
  vi.useRealTimers();
});

describe('the script-tag build', () => {
  it('uses the stub of the documented snippet', () => {
    const snippet = readFileSync(resolve(import.meta.dirname, '../../docs/snippet.html'), 'utf8');
    expect(snippet).toContain('w.cairn=w.cairn||function(){(w.cairn.q=w.cairn.q||[]).push([Date.now(),arguments])};');
  });

  it('replays the calls queued before it loaded, in order, each with the time it was made', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    addConfigBlock();
    installStub(win());
    const seen: TrackedEvent[] = [];
    vi.setSystemTime(1_000_000);
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event));
    win().cairn!('track', 'experiment_viewed', { variant: 'b' });
    vi.setSystemTime(1_000_050);
    win().cairn!('identify', 'user-42');
    vi.setSystemTime(1_000_100);
    win().cairn!('track', 'signed_up', { plan: 'team' });

    await loadLibrary();

    expect(seen.map((event) => [event.goal, event.ts, event.context.userId])).toEqual([
      ['experiment_viewed', 1_000_000, undefined],
      ['signed_up', 1_000_100, 'user-42'],
    ]);
    expect(seen[1]!.props).toEqual({ plan: 'team' });
    // Later calls take the time they are made.
    vi.setSystemTime(1_005_000);
    win().cairn!('track', 'experiment_viewed', { variant: 'a' });
    expect(seen[2]!.ts).toBe(1_005_000);
  });

  it('takes the context commands before and after it loaded: identify with traits, experiment, funnel and reset', async () => {
    addConfigBlock({ ...config, funnels: { signup: ['experiment_viewed', 'signed_up'] } });
    installStub(win());
    const seen: TrackedEvent[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event));
    win().cairn!('identify', 'user-42', { plan: 'pro' });
    win().cairn!('experiment', 'hero', 'b');
    win().cairn!('track', 'experiment_viewed', { variant: 'b' });
    await loadLibrary();

    expect(win().cairn!('funnel', 'signup')).toEqual({ funnel: 'signup', steps: 2, reached: 1, next: 'signed_up', reachedAt: seen[0]!.ts });
    win().cairn!('reset');
    win().cairn!('track', 'signed_up', { plan: 'team' });

    const [before, after] = seen;
    expect(before!.context).toMatchObject({ userId: 'user-42', traits: { plan: 'pro' }, experiments: { hero: 'b' }, funnels: [{ funnel: 'signup', step: 1, steps: 2, reached: 1 }] });
    expect(after!.context.anonymousId).not.toBe(before!.context.anonymousId);
    for (const key of ['userId', 'traits', 'experiments']) expect(after!.context).not.toHaveProperty(key);
  });

  it('survives hostile calls queued in the snippet or made later, and still replays the valid ones after them', async (context) => {
    expectConsole(context);
    addConfigBlock();
    installStub(win());
    const throwing = new Proxy({}, { get: () => { throw new Error('trap'); } });
    win().cairn!(Object.create(null));
    win().cairn!(throwing, 'x');
    win().cairn!.q!.push([Date.now(), throwing as unknown as ArrayLike<unknown>]);
    win().cairn!('track', 'signed_up', { plan: 'team' });
    await loadLibrary();
    expect(() => win().cairn!(Object.create(null))).not.toThrow();
    expect(() => win().cairn!(throwing)).not.toThrow();
    await win().cairn!('flush');

    const body = JSON.parse(String(fetchMock.mock.calls[0]![1]!.body)) as { events: TrackedEvent[] };
    expect(body.events.map((event) => event.goal)).toEqual(['signed_up']);
    const warnings = vi.mocked(console.warn).mock.calls.map(([message]) => String(message));
    expect(warnings).toEqual(expect.arrayContaining(['[cairn] unknown command "(object)"', '[cairn] a queued call failed: Error: trap']));
  });

  it('keeps the campaign of the URL the page had when the script ran, even if the app cleaned it before the config came', async () => {
    history.replaceState(null, '', '/?utm_source=newsletter&utm_medium=email&utm_campaign=june');
    addLoaderScript({ 'data-config': '/cairn.config.json' });
    let release: () => void = () => {};
    const held = new Promise<void>((done) => (release = done));
    fetchMock.mockImplementation(async (url) => {
      if (url === '/cairn.config.json') await held;
      return new Response(url === '/cairn.config.json' ? JSON.stringify(config) : '{}', { status: 200 });
    });
    installStub(win());
    const seen: TrackedEvent[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event));
    win().cairn!('track', 'signed_up', { plan: 'team' });
    vi.resetModules();
    await import('../../src/global');
    // The app's router drops the query before the config arrives.
    history.replaceState(null, '', '/');
    release();
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]!.context).toMatchObject({ channel: 'Email', campaign: { source: 'newsletter', medium: 'email', name: 'june' } });
    history.replaceState(null, '', '/');
  });

  it('answers both cairn("track", …) and cairn.track(…) once loaded, and marks itself loaded', async () => {
    addConfigBlock();
    installStub(win());
    await loadLibrary();
    const seen: string[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(`${event.goal} ${JSON.stringify(event.props)}`));

    win().cairn!('track', 'signed_up', { plan: 'free' });
    win().cairn!.track!('signed_up', { plan: 'pro' });

    expect(seen).toEqual(['signed_up {"plan":"free"}', 'signed_up {"plan":"pro"}']);
    expect(win().cairn!.loaded).toBe(true);
    await win().cairn!('flush');
    const body = JSON.parse(String(fetchMock.mock.calls[0]![1]!.body)) as { events: TrackedEvent[] };
    expect(fetchMock.mock.calls[0]![0]).toBe(config.endpoint);
    expect(body.events.map((event) => event.props)).toEqual([{ plan: 'free' }, { plan: 'pro' }]);
  });

  it('warns about an unknown command, rejects bad props with a warning, and goes on tracking', async (context) => {
    expectConsole(context);
    addConfigBlock();
    installStub(win());
    win().cairn!('opt_in', 'granted');
    await loadLibrary();
    const seen: string[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event.goal));

    expect(() => win().cairn!('nonsense', 1, 2)).not.toThrow();
    expect(() => win().cairn!('track', 'signed_up', { plan: 42 })).not.toThrow();
    win().cairn!('track', 'signed_up', { plan: 'team' });

    expect(seen).toEqual(['signed_up']);
    const warnings = vi.mocked(console.warn).mock.calls.map(([message]) => String(message));
    expect(warnings).toEqual([
      '[cairn] unknown command "opt_in"',
      '[cairn] unknown command "nonsense"',
      expect.stringContaining('Event "signed_up" rejected:\n  props.plan: expected string, received 42'),
    ]);
  });

  it('takes the endpoint and debug mode from the data attributes of its script tag, over the config', async (context) => {
    expectConsole(context);
    addConfigBlock({ goals: config.goals, debug: false });
    addLoaderScript({ 'data-endpoint': 'https://other.test/c', 'data-debug': '' });
    installStub(win());
    await loadLibrary();

    win().cairn!('track', 'signed_up', { plan: 'team' });
    await win().cairn!('flush');

    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['https://other.test/c']);
    const lines = vi.mocked(console.log).mock.calls.map(([message]) => String(message));
    expect(lines).toContain('[cairn] signed_up: queued');
  });

  it('loads the config from the URL in data-config when the page has no config block', async () => {
    addLoaderScript({ 'data-config': '/cairn.config.json' });
    fetchMock.mockImplementation(async (url) => new Response(url === '/cairn.config.json' ? JSON.stringify(config) : '{}', { status: 200 }));
    installStub(win());
    win().cairn!('track', 'signed_up', { plan: 'team' });
    await loadLibrary();
    await win().cairn!('flush');

    expect(fetchMock.mock.calls[0]).toEqual(['/cairn.config.json', { credentials: 'same-origin' }]);
    const body = JSON.parse(String(fetchMock.mock.calls[1]![1]!.body)) as { events: TrackedEvent[] };
    expect(body.events.map((event) => event.goal)).toEqual(['signed_up']);
  });

  it('runs the valid goals of a config with a broken one, after one console error naming the problem', async (context) => {
    expectConsole(context);
    addConfigBlock({ ...config, goals: { ...config.goals, broken: { kind: 'mega' } } });
    installStub(win());
    const seen: string[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event.goal));
    win().cairn!('track', 'signed_up', { plan: 'team' });
    await loadLibrary();

    expect(seen).toEqual(['signed_up']);
    expect(vi.mocked(console.error)).toHaveBeenCalledTimes(1);
    expect(String(vi.mocked(console.error).mock.calls[0]![0])).toContain('goals.broken.kind: expected "micro" | "macro"');
  });

  it('prints one error and does nothing, without throwing, when the page has no config at all', async (context) => {
    expectConsole(context);
    installStub(win());
    win().cairn!('track', 'signed_up', { plan: 'team' });
    vi.resetModules();
    await import('../../src/global');
    await vi.waitFor(() => expect(console.error).toHaveBeenCalledTimes(1));

    expect(String(vi.mocked(console.error).mock.calls[0]![0])).toMatch(/^\[cairn\] could not load the config: Error: no config found/);
    expect(() => win().cairn!('track', 'signed_up', { plan: 'team' })).not.toThrow();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('leaves a second copy of the library out of the way', async (context) => {
    expectConsole(context);
    addConfigBlock();
    installStub(win());
    await loadLibrary();
    const first = win().cairn;
    vi.resetModules();
    await import('../../src/global');

    expect(win().cairn).toBe(first);
    expect(vi.mocked(console.error).mock.calls.map(([message]) => String(message))).toEqual(['[cairn] loaded twice: the second copy does nothing']);
  });
});

/** What the page's server does with a file the script tag asks for: run it, answer 404, or never answer. */
type Served = 'ok' | 404 | 'never';

/**
 * Serves the files the script tag adds to the page, as a browser would load them one task later:
 * `ok` runs the file (it sets its global) and fires `load`, 404 fires `error`. Returns the
 * `<script>` elements it was asked for, in order, and how many calls added them.
 */
function serveFiles(files: Record<'cairn.triggers.js' | 'cairn.context.js', Served>) {
  const globals = { 'cairn.triggers.js': () => (win().cairnTriggers = triggers), 'cairn.context.js': () => (win().cairnContext = context) };
  const requested: HTMLScriptElement[] = [];
  const append = vi.spyOn(document.head, 'append').mockImplementation((...nodes) => {
    for (const node of nodes) {
      if (!(node instanceof HTMLScriptElement)) throw new Error('only scripts are expected here');
      requested.push(node);
      const name = new URL(node.src).pathname.split('/').pop() as keyof typeof files;
      const served = files[name];
      if (served === 'never') continue;
      setTimeout(() => {
        if (served === 'ok') globals[name]();
        node.dispatchEvent(new Event(served === 'ok' ? 'load' : 'error'));
      }, 0);
    }
  });
  return { requested, calls: () => append.mock.calls.length };
}

describe("the script tag's files beside it (cairn.triggers.js, cairn.context.js)", () => {
  const clickConfig = {
    endpoint: config.endpoint,
    goals: {
      ...config.goals,
      cta_clicked: { kind: 'micro', role: 'secondary', triggers: [{ on: 'click', selector: '#cta' }] },
    },
  };
  const page = () => {
    document.body.innerHTML = '<button id="cta">More</button><button id="tagged" data-cairn="signed_up" data-cairn-plan="team">Sign up</button>';
    return { cta: document.getElementById('cta')!, tagged: document.getElementById('tagged')! };
  };

  beforeEach(() => {
    delete win().cairnTriggers;
    delete win().cairnContext;
  });
  afterEach(() => document.body.replaceChildren());

  it('loads both from its own folder at once, in order, with its nonce, and starts the triggers and data-cairn tags with them', async () => {
    addConfigBlock(clickConfig);
    const script = addLoaderScript({ 'data-endpoint': config.endpoint }, 'https://cdn.test/js/cairn.global.js');
    script.nonce = 'r4nd0m';
    const served = serveFiles({ 'cairn.triggers.js': 'ok', 'cairn.context.js': 'ok' });
    const { cta, tagged } = page();
    installStub(win());
    const seen: TrackedEvent[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event));
    await loadLibrary();

    expect(served.requested.map((element) => [element.src, element.nonce])).toEqual([
      ['https://cdn.test/js/cairn.triggers.js', 'r4nd0m'],
      ['https://cdn.test/js/cairn.context.js', 'r4nd0m'],
    ]);
    expect(served.calls()).toBe(1);
    cta.click();
    tagged.click();
    expect(seen.map((event) => [event.goal, event.trigger, event.props])).toEqual([
      ['cta_clicked', 'click', {}],
      ['signed_up', 'html', { plan: 'team' }],
    ]);
    expect(seen[0]!.context).toHaveProperty('channel', 'Direct');
  });

  it('starts without cairn.triggers.js, with one warning, runs the goals that declare triggers from track(), and fires nothing from the page', async (context) => {
    expectConsole(context);
    addConfigBlock(clickConfig);
    addLoaderScript({ 'data-endpoint': config.endpoint }, 'https://cdn.test/js/cairn.global.js');
    serveFiles({ 'cairn.triggers.js': 404, 'cairn.context.js': 'ok' });
    const { cta, tagged } = page();
    installStub(win());
    const seen: TrackedEvent[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event));
    win().cairn!('track', 'cta_clicked');
    await loadLibrary();

    cta.click();
    tagged.click();
    win().cairn!.track!('cta_clicked');
    win().cairn!('track', 'signed_up', { plan: 'team' });
    await win().cairn!('flush');

    expect(seen.map((event) => [event.goal, event.trigger])).toEqual([['cta_clicked', undefined], ['cta_clicked', undefined], ['signed_up', undefined]]);
    expect(seen[0]!.context).toHaveProperty('channel', 'Direct');
    const body = JSON.parse(String(fetchMock.mock.calls[0]![1]!.body)) as { events: TrackedEvent[] };
    expect(body.events.map((event) => event.goal)).toEqual(['cta_clicked', 'cta_clicked', 'signed_up']);
    // The config is not reported broken, and the tracker adds no warning of its own.
    expect(console.error).not.toHaveBeenCalled();
    expect(vi.mocked(console.warn).mock.calls.map(([message]) => String(message))).toEqual(["[cairn] no cairn.triggers.js: goals' triggers and data-cairn tags are off"]);
  });

  it('waits 3 s for both files at once, then starts with the one that came', async (context) => {
    expectConsole(context);
    vi.useFakeTimers();
    addConfigBlock(clickConfig);
    addLoaderScript({ 'data-endpoint': config.endpoint }, 'https://cdn.test/js/cairn.global.js');
    serveFiles({ 'cairn.triggers.js': 'ok', 'cairn.context.js': 'never' });
    const { cta } = page();
    installStub(win());
    const seen: TrackedEvent[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event));
    // The stub's queue: the tracker empties it when it starts.
    const queued = win().cairn!.q!;
    vi.resetModules();
    await import('../../src/global');

    await vi.advanceTimersByTimeAsync(2_999);
    expect(queued).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(queued).toHaveLength(0);
    cta.click();

    expect(seen.map((event) => event.goal)).toEqual(['cta_clicked']);
    expect(seen[0]!.context).not.toHaveProperty('channel');
    expect(vi.mocked(console.warn).mock.calls.map(([message]) => String(message))).toEqual(['[cairn] no cairn.context.js: events go without campaign, channel and funnels']);
  });

  it('goes without cairn.triggers.js, silently, with data-triggers="false"', async () => {
    addConfigBlock(clickConfig);
    addLoaderScript({ 'data-endpoint': config.endpoint, 'data-triggers': 'false' }, 'https://cdn.test/js/cairn.global.js');
    const served = serveFiles({ 'cairn.triggers.js': 'ok', 'cairn.context.js': 'ok' });
    const { cta } = page();
    installStub(win());
    const seen: TrackedEvent[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event));
    await loadLibrary();

    cta.click();
    win().cairn!('track', 'cta_clicked');

    expect(served.requested.map((element) => element.src)).toEqual(['https://cdn.test/js/cairn.context.js']);
    expect(seen.map((event) => [event.goal, event.trigger])).toEqual([['cta_clicked', undefined]]);
  });
});

describe("the script tag's health file (cairn.health.js)", () => {
  /** Serves cairn.health.js (or its attribution build) as a browser would; returns the files asked for. */
  const serveHealth = () => {
    const requested: string[] = [];
    vi.spyOn(document.head, 'append').mockImplementation((...nodes) => {
      for (const node of nodes as HTMLScriptElement[]) {
        requested.push(new URL(node.src).pathname.split('/').pop()!);
        setTimeout(() => {
          (win() as { cairnHealth?: unknown }).cairnHealth = createHealth(fakeVitals().sources);
          node.dispatchEvent(new Event('load'));
        }, 0);
      }
    });
    return requested;
  };

  afterEach(() => delete (win() as { cairnHealth?: unknown }).cairnHealth);

  /** Boots the script tag with these attributes, tracks one sign-up: the health files asked for, the events heard. */
  const bootAndTrack = async (attributes: Record<string, string>) => {
    addConfigBlock();
    addLoaderScript({ 'data-endpoint': config.endpoint, ...attributes }, 'https://cdn.test/js/cairn.global.js');
    const requested = serveHealth();
    installStub(win());
    const seen: TrackedEvent[] = [];
    win().cairn!('on', 'track', (event: TrackedEvent) => seen.push(event));
    await loadLibrary();
    win().cairn!('track', 'signed_up', { plan: 'team' });
    return { requested, seen };
  };

  it('is not asked for without data-health, and events go without health', async () => {
    const { requested, seen } = await bootAndTrack({});
    expect(requested).toEqual([]);
    expect(seen[0]!.context.health).toBeUndefined();
  });

  it.each([
    ['', 'cairn.health.js'],
    ['attribution', 'cairn.health-attribution.js'],
  ])('is loaded from its own folder for data-health="%s" (%s), and conversions carry health', async (value, file) => {
    const { requested, seen } = await bootAndTrack({ 'data-health': value });
    expect(requested).toEqual([file]);
    expect(seen[0]!.context.health).toMatchObject({ errors: 0, rejections: 0, media: [] });
  });

  it('warns once when the config has a health section but the script tag loads no health file', async (context) => {
    expectConsole(context);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    addConfigBlock({ ...config, health: { micro: true } });
    addLoaderScript({}, 'https://cdn.test/js/cairn.global.js');
    installStub(win());
    await loadLibrary();
    expect(vi.mocked(console.warn).mock.calls.map(([message]) => String(message))).toEqual([
      '[cairn] no cairn.health.js (data-health on the script tag loads it): events go without page health',
    ]);
  });
});
