// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';

const config = {
  endpoint: 'https://collect.test/cairn',
  goals: {
    signup: { kind: 'macro' },
    view: { kind: 'micro', role: 'milestone', props: { sku: 'string' } },
  },
} as const;

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('createTracker on the server (no window)', () => {
  it('runs in an environment without window or document', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('imports without touching browser globals', async () => {
    const cairn = await import('../../src/index');
    expect(typeof cairn.createTracker).toBe('function');
  });

  it('returns a tracker that does nothing, without timers or requests', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const { createTracker } = await import('../../src/index');
    const tracker = createTracker(config);
    expect(() => {
      tracker.track('signup');
      tracker.track('view', { sku: 'A-1' });
      tracker.identify('user-1');
      tracker.identify(null);
    }).not.toThrow();
    await expect(tracker.flush()).resolves.toBeUndefined();
    const off = tracker.on('error', () => {});
    expect(typeof off).toBe('function');
    off();
    tracker.shutdown();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('stays silent, even for calls that would be rejected in a browser', async () => {
    const { createTracker } = await import('../../src/index');
    const tracker = createTracker(config) as unknown as { track(goal: string, props?: unknown): void };
    tracker.track('unknown-goal', { whatever: 1 });
    expect(console.warn).not.toHaveBeenCalled();
  });

  it('still throws a ConfigError listing the problems of a bad config', async () => {
    const { createTracker, ConfigError } = await import('../../src/index');
    let thrown: unknown;
    try {
      createTracker({ endpoint: 'nowhere', goals: { signup: { kind: 'mega' } } } as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as InstanceType<typeof ConfigError>).issues.map((issue) => issue.path)).toEqual(['endpoint', 'goals.signup.kind']);
  });
});
