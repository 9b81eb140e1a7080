// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defineConfig, triggers } from '../../src/index';
import { createTestTracker, type TestTracker } from '../../src/testing/index';

const config = defineConfig({
  endpoint: '/collect',
  goals: { cta: { kind: 'micro', role: 'secondary', triggers: [{ on: 'click', selector: '#cta' }] } },
});

let trackers: TestTracker<typeof config>[] = [];
const start = () => {
  const tracker = createTestTracker(config, { triggers });
  trackers.push(tracker);
  return tracker;
};

beforeEach(() => {
  document.body.innerHTML = '';
  const button = document.createElement('button');
  button.id = 'cta';
  document.body.append(button);
});
afterEach(() => {
  for (const tracker of trackers) tracker.shutdown();
  trackers = [];
});

describe('triggers and the tracker lifecycle', () => {
  test('a second tracker for the same endpoint takes the triggers over, so a click counts once', () => {
    const first = start();
    const second = start();
    document.getElementById('cta')!.click();
    expect(first.events.length + second.events.length).toBe(1);
    second.expectTracked('cta');
  });

  test('after shutdown() a click fires nothing, and a new tracker fires once', () => {
    const first = start();
    first.shutdown();
    document.getElementById('cta')!.click();
    expect(first.events).toHaveLength(0);
    const next = start();
    document.getElementById('cta')!.click();
    expect(next.events).toHaveLength(1);
  });
});
