// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { TriggerHost } from '../../src/triggers/trigger-host';

describe('triggers on a server', () => {
  it('import without window or document', async () => {
    expect(typeof window).toBe('undefined');
    const modules = await Promise.all([
      import('../../src/triggers/start-triggers'),
      import('../../src/triggers/navigation'),
      import('../../src/triggers/html-tags'),
      import('../../src/triggers/path-match'),
    ]);
    expect(modules.every((m) => Object.keys(m).length > 0)).toBe(true);
  });

  it('skip selector checks but still report a bad regular expression', async () => {
    const { validateTrigger } = await import('../../src/triggers/start-triggers');

    expect(validateTrigger({ on: 'click', selector: 'button[' })).toBeUndefined();
    expect(validateTrigger({ on: 'pageview', path: '(', match: 'regex' })).toMatch(/^invalid regular expression/);
  });

  it('start as a no-op when the host has no window', async () => {
    const { startTriggers } = await import('../../src/triggers/start-triggers');
    const host = { window: undefined, goals: [], propNamesOf: () => undefined, fire: vi.fn(), debug: vi.fn() };

    const stop = startTriggers(host as unknown as TriggerHost);

    expect(() => stop()).not.toThrow();
    expect(host.fire).not.toHaveBeenCalled();
  });
});
