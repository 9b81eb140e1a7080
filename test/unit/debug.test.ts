// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi, type TestContext } from 'vitest';
import { createTracker, defineConfig, triggers, type Tracker } from '../../src/index';
import { expectConsole } from './setup';

const config = defineConfig({
  endpoint: 'https://collect.test/cairn',
  debug: true,
  goals: {
    add_to_cart: {
      kind: 'micro',
      role: 'milestone',
      props: { sku: 'string' },
      triggers: [{ on: 'click', selector: '[data-add]', props: { sku: 'attr:data-sku' } }],
    },
    landing: { kind: 'micro', role: 'secondary', once: 'page' },
    purchase: { kind: 'macro', props: { total: 'number' } },
  },
});

let tracker: Tracker<typeof config> | undefined;
const lines = () => vi.mocked(console.log).mock.calls.map((args) => args.map(String).join(' '));
const warnings = () => vi.mocked(console.warn).mock.calls.map((args) => args.map(String).join(' '));

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
  document.body.innerHTML = '';
});
afterEach(() => {
  tracker?.shutdown();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function start(context: TestContext, status = 200, debug = true) {
  expectConsole(context);
  vi.stubGlobal('fetch', vi.fn(async () => new Response('{}', { status })));
  tracker = createTracker({ ...config, debug }, { triggers });
  return tracker;
}

describe('debug mode', () => {
  test('says which trigger matched a goal and that the event was queued', async (context) => {
    start(context);
    const button = document.createElement('button');
    button.setAttribute('data-add', '');
    button.setAttribute('data-sku', 'TEE-1');
    document.body.append(button);
    button.click();
    expect(lines()).toContain('[cairn] add_to_cart: matched by the click trigger, queued [object Object]');
  });

  test('follows a batch from sending to its answer, and says when a failed batch is retried', async (context) => {
    start(context, 503);
    tracker!.track('purchase', { total: 10 });
    await vi.advanceTimersByTimeAsync(0);
    expect(lines()).toContain('[cairn] batch #1: sending 1 event(s) [purchase]');
    expect(lines().some((line) => /^\[cairn\] batch #1 failed \(503\): retry 1 in \d+ ms$/.test(line))).toBe(true);
  });

  test('says why an event was skipped or rejected', async (context) => {
    start(context);
    tracker!.track('landing');
    tracker!.track('landing');
    (tracker!.track as (goal: string, props?: unknown) => void)('purchase', { total: 'ten' });
    expect(lines()).toContain('[cairn] landing: already counted this page, skipped');
    expect(warnings()).toContain('[cairn] Event "purchase" rejected:\n  props.total: expected number, received "ten"');
  });

  test('says why a batch was dropped', async (context) => {
    start(context, 400);
    tracker!.track('purchase', { total: 10 });
    await vi.advanceTimersByTimeAsync(0);
    expect(warnings()).toContain('[cairn] Collector refused 1 event(s) with status 400');
  });

  test('prints nothing about matches, batches or retries when debug is off', async (context) => {
    start(context, 503, false);
    tracker!.track('purchase', { total: 10 });
    tracker!.track('landing');
    tracker!.track('landing');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lines()).toEqual([]);
    expect(warnings()).toEqual([]);
  });
});
