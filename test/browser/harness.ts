/**
 * What the browser tests share: Chromium and test servers for a describe block, a watch on what a
 * page reports, waits for the script build, tracking from the test, and readings of what the
 * collector stored. Functions handed to `page.evaluate` are serialised, so they use types from
 * here, never values.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/ensure-chromium.mjs';
import { startTestServer, type WireRequest } from './test-server';

export { waitFor } from './test-server';

/** A running test server (see `startTestServer`). */
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
/** Options of `startTestServer`. */
export type TestServerOptions = Parameters<typeof startTestServer>[0];

/** `window` with the script build's global, as the tests call it. */
export type CairnWindow = Window & {
  cairn?: ((...args: unknown[]) => unknown) & {
    loaded?: boolean;
    on?: (type: string, listener: (event: { id: string }) => void) => unknown;
    track?: (goal: string, props?: Record<string, unknown>) => void;
  };
};

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Where Debian's Chromium lives; `CHROMIUM_PATH` overrides it. */
export function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error('Chromium not found: run `apt-get install -y chromium` or set CHROMIUM_PATH');
  return found;
}

/** Options of {@link launchChromium}. */
export interface LaunchOptions {
  /**
   * Keep the back/forward cache on. playwright turns it off (`--disable-back-forward-cache`, so
   * that `page.goBack()` always makes a request it can intercept); headless Chromium has it
   * otherwise. A page restored from it fires `pageshow` with `persisted`, and no `load`: wait for
   * `goBack({ waitUntil: 'commit' })`.
   * @default false
   */
  backForwardCache?: boolean;
}

/** Launches headless Chromium with the shared flags; media may play without a gesture. */
export function launchChromium({ backForwardCache = false }: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'],
    ...(backForwardCache && { ignoreDefaultArgs: ['--disable-back-forward-cache'] }),
  });
}

/**
 * Chromium for the tests of the enclosing `describe` (or file): launched before them, closed after
 * them with every context opened through `newContext`.
 */
export function useChromium(options: LaunchOptions = {}) {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium(options);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });
  const chromiumOf = () => {
    if (!browser) throw new Error('Chromium is not running yet: use it inside a test or hook');
    return browser;
  };
  return {
    get browser(): Browser {
      return chromiumOf();
    },
    /** A new context (its own storage and cache), closed after the tests if the test does not. */
    async newContext(options?: BrowserContextOptions): Promise<BrowserContext> {
      const context = await chromiumOf().newContext(options);
      contexts.push(context);
      return context;
    },
  };
}

/**
 * One test server for the tests of the enclosing `describe`: started before them and closed after,
 * or a fresh one for each test (`perTest`, so that each counts only its own events).
 */
export function useTestServer(options: TestServerOptions, { perTest = false } = {}) {
  let server: TestServer | undefined;
  const start = async () => {
    server = await startTestServer(options);
  };
  const stop = async () => {
    await server?.close();
  };
  if (perTest) {
    beforeEach(start);
    afterEach(stop);
  } else {
    beforeAll(start);
    afterAll(stop);
  }
  return {
    get server(): TestServer {
      if (!server) throw new Error('the test server is not started yet: use it inside a test or hook');
      return server;
    },
  };
}

/** Options of a site's `open`: what to watch, and what to arrange before the page loads. */
export interface OpenOptions extends WatchOptions {
  /** Runs in every page of the context before the page's own scripts (`addInitScript`). */
  init?: () => void;
  /** Anything else to arrange before the page loads: routes, init scripts of the page alone. */
  before?: (page: Page) => Promise<unknown>;
  /** Options of the new context, e.g. `acceptDownloads`. */
  context?: BrowserContextOptions;
}

/**
 * Chromium and one test server for the tests of the enclosing `describe` (see {@link useChromium}
 * and {@link useTestServer}), and `open` to load one of the site's pages.
 */
export function useSite(serverOptions: TestServerOptions, { perTest = false } = {}) {
  const chromium = useChromium();
  const served = useTestServer(serverOptions, { perTest });
  return {
    get browser(): Browser {
      return chromium.browser;
    },
    get server(): TestServer {
      return served.server;
    },
    /**
     * Opens `path` of the site in a fresh context (its own storage), watched from the start (see
     * {@link watch}), and waits until the script build has loaded.
     */
    async open(path: string, options: OpenOptions = {}) {
      const context = await chromium.newContext(options.context);
      if (options.init) await context.addInitScript(options.init);
      const page = await context.newPage();
      const watched = watch(page, options);
      await options.before?.(page);
      await page.goto(`${served.server.origin}${path}`);
      await loaded(page);
      return { context, page, ...watched };
    },
  };
}

/** Test servers that tests start as they need them (`serve`), all closed after the tests of the file. */
export function useTestServers(root: string) {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });
  return {
    async serve(options: Omit<TestServerOptions, 'root'> = {}): Promise<TestServer> {
      const server = await startTestServer({ root, ...options });
      servers.push(server);
      return server;
    },
  };
}

/** What a page reported: uncaught errors and console errors, console warnings, and both in order. */
export interface Watched {
  errors: string[];
  warnings: string[];
  /** Every error and warning above, in the order they came. */
  problems: string[];
}

/** Options of {@link watch}. */
export interface WatchOptions {
  /** Keep only cairn's own warnings (`[cairn]`); by default every console warning counts. */
  cairnWarningsOnly?: boolean;
  /**
   * Leave out Chromium's own "Failed to load resource: … 500" console errors: the test injects
   * those faults on purpose (or reports failed responses itself, with their URLs).
   */
  ignoreFailedLoads?: boolean;
}

/**
 * Collects a page's uncaught errors (`pageerror: …`), console errors (`console.error: …`) and
 * console warnings (their text), across its navigations; several pages may share one `into`.
 */
export function watch(page: Page, options: WatchOptions = {}, into: Watched = { errors: [], warnings: [], problems: [] }): Watched {
  page.on('pageerror', (error) => {
    const line = `pageerror: ${String(error)}`;
    into.errors.push(line);
    into.problems.push(line);
  });
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && !(options.ignoreFailedLoads && text.startsWith('Failed to load resource'))) {
      into.errors.push(`console.error: ${text}`);
      into.problems.push(`console.error: ${text}`);
    }
    if (message.type() === 'warning' && (!options.cairnWarningsOnly || text.startsWith('[cairn]'))) {
      into.warnings.push(text);
      into.problems.push(text);
    }
  });
  return into;
}

/** Waits until the script build has replaced the snippet's stub (`cairn.loaded`). */
export async function loaded(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as CairnWindow).cairn?.loaded === true);
}

/** Waits until the script-tag build has started its tracker (its `on` answers with a function). */
export async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const cairn = (window as CairnWindow).cairn;
    if (!cairn?.on) return false;
    const off = cairn.on('track', () => {});
    if (typeof off !== 'function') return false;
    (off as () => void)();
    return true;
  });
}

/** Tracks `step` events n = from … from+count-1 (or `order` events) in one task; returns their ids. */
export function track(page: Page, run: string, from: number, count: number, goal: 'step' | 'order' = 'step'): Promise<string[]> {
  return page.evaluate(
    ({ run, from, count, goal }) => {
      const cairn = (window as CairnWindow).cairn!;
      const ids: string[] = [];
      const off = cairn.on!('track', (event) => ids.push(event.id)) as () => void;
      for (let n = from; n < from + count; n++) cairn.track!(goal, goal === 'step' ? { n, run } : { n });
      off();
      return ids;
    },
    { run, from, count, goal },
  );
}

/** Stored events of one goal, in the order they were tracked (by `seq`). */
export function inOrder<T extends { seq: number }>(events: readonly T[]): T[] {
  return events.slice().sort((a, b) => a.seq - b.seq);
}

/** Stored `step` events of one run. */
export function storedSteps(server: TestServer, run: string) {
  return server.eventsOf('step').filter((r) => (r.props as { run?: string }).run === run);
}

/** How many times each id was put on the wire, in any request (failed ones included). */
export function wireSends(requests: readonly WireRequest[], ids: ReadonlySet<string>): { sends: number; resent: number } {
  const counts = new Map<string, number>();
  for (const request of requests) for (const id of request.ids) if (ids.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  let sends = 0;
  for (const n of counts.values()) sends += n;
  return { sends, resent: sends - counts.size };
}

/** With DEBUG_WIRE set: one line per request (time, outcome, events, how many had reached the collector before). */
export function printWire(requests: readonly WireRequest[], started: number, order: readonly string[], note: string): void {
  const seen = new Set<string>();
  const lines = requests.map((r) => {
    const again = r.ids.filter((id) => seen.has(id)).length;
    if (r.outcome === 'stored' || r.outcome === 'slow') for (const id of r.ids) seen.add(id);
    const at = r.ids.map((id) => order.indexOf(id));
    return `  +${r.at - started} ms ${r.outcome}: ${r.ids.length} events (#${Math.min(...at)}..#${Math.max(...at)}), ${again} delivered before`;
  });
  console.log(['wire:', ...lines, `  ${note}`].join('\n'));
}

/** Counts of requests by outcome, e.g. `stored 40, 500 6, drop 5, 429 4, slow 3`. */
export function outcomes(requests: readonly WireRequest[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.outcome, (counts.get(request.outcome) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${k} ${v}`).join(', ');
}

/** Asserts each id was stored exactly once and nothing else of the run was stored. */
export function expectStoredOnce(server: TestServer, run: string, ids: readonly string[]): void {
  const stored = storedSteps(server, run).map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(stored.length).toBe(ids.length);
  expect(new Set(stored)).toEqual(new Set(ids));
}
