// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest';
import { defineConfig, triggers } from '../../src/index';
import { createTestTracker, type TestTracker } from '../../src/testing/index';

const config = defineConfig({
  endpoint: '/collect',
  goals: { page_view: { kind: 'micro', role: 'secondary', props: { path: 'string' }, triggers: [{ on: 'pageview', path: '/**' }] } },
});
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('pageview context', () => {
  let cairn: TestTracker<typeof config>;
  afterEach(() => cairn.shutdown());

  test('carries the title the router set after navigating, and the URL of its own page even when the next navigation came first', async () => {
    history.replaceState(null, '', '/');
    cairn = createTestTracker(config, { triggers });
    await nextTask();
    history.pushState(null, '', '/product/tent');
    document.title = 'Tent';
    await nextTask();
    history.pushState(null, '', '/cart');
    history.pushState(null, '', '/checkout');
    await nextTask();
    const pages = cairn.eventsOf('page_view').map((event) => event.context.page as { url: string; title: string });
    expect(cairn.eventsOf('page_view').map((event) => event.props.path)).toEqual(['/', '/product/tent', '/cart', '/checkout']);
    expect(pages.map((page) => new URL(page.url).pathname)).toEqual(['/', '/product/tent', '/cart', '/checkout']);
    expect(pages[1]!.title).toBe('Tent');
  });
});
