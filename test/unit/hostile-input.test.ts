// @vitest-environment happy-dom
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { context } from '../../src/context-entry';
import { createTracker, isCairnError, type Tracker, type TrackedEvent } from '../../src/index';
import { parseBatch } from '../../src/server/batch';
import { bootTracker } from '../../src/tracker/create-tracker';
import { triggers } from '../../src/triggers/dom-triggers';
import { hostile, prototypesClean, SEED } from '../support/hostile';
import { expectConsole } from './setup';

const RUNS = 500;
const config = {
  endpoint: 'https://collect.test/cairn',
  goals: {
    signed_up: { kind: 'macro', props: { plan: 'string' } },
    add_to_cart: { kind: 'micro', role: 'milestone', value: 'price', props: { sku: 'string', price: 'number' } },
  },
  funnels: { signup: ['add_to_cart', 'signed_up'] },
} as const;

let bodies: string[] = [];
const transport = { post: async (body: string) => (bodies.push(body), { status: 200 }), beacon: (body: string) => (bodies.push(body), true) };

/** Every event the collector would store: each body must pass its schema. */
function delivered(): TrackedEvent[] {
  return bodies.flatMap((body) => {
    const parsed = parseBatch(Buffer.from(body));
    if (!parsed.ok) throw new Error(`the collector refused a batch: ${JSON.stringify(parsed.answer).slice(0, 300)}`);
    return parsed.batch.events as unknown as TrackedEvent[];
  });
}

const ran: string[] = [];
beforeEach((test) => {
  expectConsole(test);
  for (const method of ['warn', 'error', 'log'] as const) vi.spyOn(console, method).mockImplementation(() => {});
  bodies = [];
  localStorage.clear();
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  // The number of runs, for the CI log.
  process.stdout.write(`hostile input: ${ran.join(', ')} (fast-check seed ${SEED})\n`);
});

async function check(name: string, property: fc.IAsyncProperty<never> | fc.IAsyncProperty<unknown[]>, numRuns = RUNS): Promise<void> {
  await fc.assert(property as fc.IAsyncProperty<unknown[]>, { seed: SEED, numRuns });
  ran.push(`${numRuns} runs of ${name}`);
}

describe(`hostile input (fast-check, seed ${SEED})`, () => {
  it('track() with any goal and props never throws, pollutes no prototype, and loses no event around it', async () => {
    await check(
      'track()',
      fc.asyncProperty(hostile, hostile, async (goal, props) => {
        bodies = [];
        const tracker = createTracker(config, { transport, context });
        tracker.track('signed_up', { plan: 'before' });
        expect(() => (tracker.track as (g: unknown, p: unknown) => void)(goal, props)).not.toThrow();
        tracker.track('signed_up', { plan: 'after' });
        await tracker.flush();
        tracker.shutdown();
        const plans = delivered().filter((e) => e.goal === 'signed_up').map((e) => e.props.plan);
        expect(plans.slice(0, 1).concat(plans.slice(-1))).toEqual(['before', 'after']);
        expect(prototypesClean()).toBe(true);
      }),
    );
  });

  it('identify, experiment, funnel, on, reset and flush take any arguments without throwing', async () => {
    await check(
      'the other methods',
      fc.asyncProperty(fc.array(hostile, { maxLength: 3 }), fc.array(hostile, { maxLength: 3 }), async (a, b) => {
        bodies = [];
        const tracker = createTracker(config, { transport, context }) as unknown as Record<string, (...args: unknown[]) => unknown>;
        for (const method of ['identify', 'experiment', 'funnel', 'on', 'flush']) expect(() => tracker[method]!(...a)).not.toThrow();
        (tracker as unknown as Tracker).track('signed_up', { plan: 'still' });
        for (const method of ['identify', 'experiment', 'funnel']) expect(() => tracker[method]!(...b)).not.toThrow();
        await (tracker as unknown as Tracker).flush();
        tracker.reset!();
        tracker.shutdown!();
        expect(delivered().map((e) => e.props.plan)).toContain('still');
        expect(prototypesClean()).toBe(true);
      }),
    );
  });

  it('consent takes any argument without throwing; what it cannot read changes nothing, and a grant still sends what waited', async () => {
    await check(
      'consent()',
      fc.asyncProperty(fc.array(hostile, { maxLength: 3 }), async (choices) => {
        bodies = [];
        const tracker = createTracker({ ...config, consent: { required: true } }, { transport });
        tracker.track('signed_up', { plan: 'waited' });
        for (const choice of choices) expect(() => tracker.consent(choice as never)).not.toThrow();
        tracker.consent('granted');
        tracker.track('signed_up', { plan: 'after' });
        await tracker.flush();
        tracker.shutdown();
        const plans = delivered().map((e) => e.props.plan);
        // A hostile choice is either no choice (ignored) or a valid one; only a valid denial drops what waited.
        expect(plans).toContain('after');
        expect(prototypesClean()).toBe(true);
      }),
    );
  });

  it('a beforeSend hook that returns anything loses that event alone', async () => {
    await check(
      'beforeSend results',
      fc.asyncProperty(hostile, async (result) => {
        bodies = [];
        const beforeSend = (event: TrackedEvent) => (event.props.plan === 'hostile' ? (result as TrackedEvent) : event);
        const tracker = createTracker({ ...config, beforeSend }, { transport });
        tracker.track('signed_up', { plan: 'before' });
        expect(() => tracker.track('signed_up', { plan: 'hostile' })).not.toThrow();
        tracker.track('signed_up', { plan: 'after' });
        await tracker.flush();
        tracker.shutdown();
        const plans = delivered().map((e) => e.props.plan);
        expect(plans).toContain('before');
        expect(plans).toContain('after');
      }),
    );
  });

  it('any config gives a ConfigError from npm, and never a throw from the script tag', async () => {
    await check(
      'configs',
      fc.asyncProperty(fc.oneof(hostile, fc.record({ endpoint: hostile, goals: hostile }), fc.record({ endpoint: fc.constant('/c'), goals: fc.dictionary(fc.string(), hostile), funnels: hostile, session: hostile, attribution: hostile, abandonment: hostile, consent: hostile, privacy: hostile })), async (raw) => {
        try {
          createTracker(raw as never, { triggers, context, transport }).shutdown();
        } catch (error) {
          expect(isCairnError(error)).toBe(true);
        }
        expect(() => bootTracker(raw, { triggers, context, transport }, { lenient: true }).shutdown()).not.toThrow();
        expect(prototypesClean()).toBe(true);
      }),
      300,
    );
  });

  it('survives anything another script left under the keys it reads, and the collector accepts every batch', async () => {
    const keys = ['cairn:aid', 'cairn:uid', 'cairn:session', 'cairn:once', 'cairn:attr', 'cairn:touch', 'cairn:funnel', 'cairn:journey', 'cairn:exp', 'cairn:traits'];
    const stored = fc.oneof(fc.string(), fc.json(), hostile.map((v) => { try { return JSON.stringify(v) ?? String(v); } catch { return 'x'; } }));
    await check(
      'stored values',
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), stored), async (junk) => {
        bodies = [];
        localStorage.clear();
        for (const [key, value] of Object.entries(junk)) localStorage.setItem(key, value);
        const tracker = createTracker(config, { transport, context });
        tracker.track('add_to_cart', { sku: 'A-1', price: 20 });
        tracker.track('signed_up', { plan: 'team' });
        await tracker.flush();
        tracker.shutdown();
        expect(delivered().map((e) => e.goal)).toEqual(expect.arrayContaining(['add_to_cart', 'signed_up']));
      }),
    );
  });

  it('the script tag replays every valid call queued around hostile ones, and never throws into the page', async () => {
    const win = window as unknown as { cairn?: ((...args: unknown[]) => unknown) & { q?: unknown[] }; cairnTriggers?: unknown; cairnContext?: unknown };
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => (bodies.push(String(init?.body)), new Response('{}', { status: 200 })));
    vi.stubGlobal('fetch', fetchMock);
    win.cairnTriggers = triggers;
    win.cairnContext = context;
    await check(
      'queued commands',
      fc.asyncProperty(fc.array(fc.array(hostile, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), async (calls) => {
        bodies = [];
        document.head.replaceChildren();
        const block = document.createElement('script');
        block.type = 'application/json';
        block.dataset.cairnConfig = '';
        block.textContent = JSON.stringify(config);
        document.head.append(block);
        win.cairn = function (...args: unknown[]) { (win.cairn!.q = win.cairn!.q || []).push([Date.now(), args]); } as typeof win.cairn;
        win.cairn!('track', 'signed_up', { plan: 'before' });
        for (const args of calls) expect(() => win.cairn!(...args)).not.toThrow();
        win.cairn!('track', 'signed_up', { plan: 'after' });
        vi.resetModules();
        await import('../../src/global');
        await vi.waitFor(() => expect(win.cairn!.q ?? []).toHaveLength(0));
        for (const args of calls) expect(() => win.cairn!(...args)).not.toThrow();
        await win.cairn!('flush');
        win.cairn!('reset');
        win.cairn!('shutdown');
        delete win.cairn;
        const plans = delivered().filter((e) => e.goal === 'signed_up').map((e) => e.props.plan);
        expect(plans).toEqual(expect.arrayContaining(['before', 'after']));
        expect(prototypesClean()).toBe(true);
      }),
      100,
    );
    vi.unstubAllGlobals();
  });
});
