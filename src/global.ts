/**
 * The script-tag build (`dist/cairn.global.js`). Reads the config from the page, replaces the
 * `window.cairn` stub, and replays the calls queued before it loaded with their original times.
 */
import { nameOf } from './lib/name-of';
import type { ContextModule } from './context/context-module';
import { createLogger } from './lib/log';
import { bootTracker } from './tracker/create-tracker';
import type { Tracker } from './tracker/tracker-types';
import { triggers } from './triggers/dom-triggers';
import type { CairnConfig } from './schema/types';

/** A call queued by the snippet's stub: `[time, arguments]`. */
type QueuedCall = [number, ArrayLike<unknown>];

interface CairnGlobal {
  (method: string, ...args: unknown[]): unknown;
  q?: QueuedCall[];
  track?: Tracker['track'];
  consent?: Tracker['consent'];
  identify?: Tracker['identify'];
  reset?: Tracker['reset'];
  experiment?: Tracker['experiment'];
  funnel?: Tracker['funnel'];
  flush?: Tracker['flush'];
  shutdown?: Tracker['shutdown'];
  on?: Tracker['on'];
  /** Set once the real library has loaded (a second copy then stays out of the way). */
  loaded?: boolean;
}

type CairnWindow = Window & typeof globalThis & { cairn?: CairnGlobal; cairnContext?: ContextModule };

const COMMANDS = ['track', 'consent', 'identify', 'reset', 'experiment', 'funnel', 'flush', 'shutdown', 'on'] as const;

/** How long the script tag waits for `cairn.context.js` before it starts without it. */
const CONTEXT_WAIT_MS = 3000;

boot();

function boot(): void {
  if (typeof window === 'undefined') return;
  const win = window as CairnWindow;
  const log = createLogger(false);
  try {
    if (win.cairn?.loaded) return log.error('loaded twice: the second copy does nothing');
    const script = currentScript(win);
    // Before the app can clean its query (UTMs) while the config and cairn.context.js load.
    const landing = win.document.URL;
    const queued = win.cairn?.q;
    const queue: QueuedCall[] = Array.isArray(queued) ? queued : [];
    let tracker: Tracker | undefined;
    let replayAt: number | undefined;

    const call = (method: string, args: ArrayLike<unknown>): unknown => {
      if (!tracker) return queue.push([Date.now(), [method, ...Array.from(args)]]), undefined;
      if (!(COMMANDS as readonly string[]).includes(method)) return log.warn(`unknown command "${nameOf(method)}"`);
      return (tracker[method as (typeof COMMANDS)[number]] as (...a: unknown[]) => unknown)(...Array.from(args));
    };
    const api = ((method: string, ...args: unknown[]) => call(method, args)) as CairnGlobal;
    for (const name of COMMANDS) (api as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => call(name, args);
    api.loaded = true;
    win.cairn = api;

    const start = ([config, context]: [CairnConfig, ContextModule | undefined]) => {
      if (!context && script?.dataset.context !== 'false') log.warn('no cairn.context.js: events go without campaign, channel and funnels');
      const fromScript = script?.dataset;
      if (fromScript?.endpoint) config = { ...config, endpoint: fromScript.endpoint };
      if (fromScript?.debug !== undefined && fromScript.debug !== 'false') config = { ...config, debug: true };
      tracker = bootTracker(config, { triggers, context }, { lenient: true, now: () => replayAt ?? Date.now(), landing });
      // `cairn.track(…)` calls the tracker directly from now on (its methods use no `this`).
      for (const name of COMMANDS) (api as unknown as Record<string, unknown>)[name] = tracker[name];
      // One hostile call queued in the page (a Proxy as the command) must not lose the calls after it.
      for (const entry of queue.splice(0)) {
        try {
          const [method, ...rest] = Array.from(entry[1]);
          replayAt = typeof entry[0] === 'number' ? entry[0] : undefined;
          call(method as string, rest);
        } catch (error) {
          log.warn(`a queued call failed: ${nameOf(error)}`);
        } finally {
          replayAt = undefined;
        }
      }
    };

    Promise.all([loadConfig(win, script), loadContext(win, script)])
      .then(start)
      .catch((error: unknown) => log.error(`could not load the config: ${nameOf(error)}`));
  } catch (error) {
    log.error(`could not start: ${nameOf(error)}`);
  }
}

/**
 * The context module: already on the page (`window.cairnContext`), or `cairn.context.js` loaded
 * from the folder of this script (the script's nonce carried over). `data-context="false"` on
 * the script tag goes without it. Never rejects: without the module (not found, blocked, or
 * slower than 3 s) the tracker starts all the same, with a warning.
 */
function loadContext(win: CairnWindow, script: HTMLScriptElement | undefined): Promise<ContextModule | undefined> {
  return new Promise((done) => {
    if (win.cairnContext || !script?.src || script.dataset.context === 'false') return done(win.cairnContext);
    const element = win.document.createElement('script');
    const finish = () => done(win.cairnContext);
    element.src = new URL('cairn.context.js', script.src).href;
    element.nonce = script.nonce;
    element.onload = element.onerror = finish;
    win.setTimeout(finish, CONTEXT_WAIT_MS);
    win.document.head.append(element);
  });
}

/** The `<script>` element that loaded cairn (its data-* attributes configure it). */
function currentScript(win: Window): HTMLScriptElement | undefined {
  const doc = win.document;
  const current = doc.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  return doc.querySelector<HTMLScriptElement>('script[data-cairn], script[src*="cairn"][data-endpoint], script[src*="cairn"][data-config]') ?? undefined;
}

/**
 * Finds the config: a `<script type="application/json" data-cairn-config>` block, else the URL in
 * `data-config`, else `data-endpoint` alone (a tracker without goals, which rejects every event
 * with a warning naming the goal: a start for the debug console, nothing more).
 */
async function loadConfig(win: Window, script: HTMLScriptElement | undefined): Promise<CairnConfig> {
  const doc = win.document;
  // The library may run before the parser reached a config block placed after the snippet.
  if (doc.readyState === 'loading' && !doc.querySelector('script[data-cairn-config]')) {
    await new Promise((done) => doc.addEventListener('DOMContentLoaded', done, { once: true }));
  }
  const block = doc.querySelector('script[data-cairn-config]');
  if (block?.textContent?.trim()) return JSON.parse(block.textContent) as CairnConfig;
  const url = script?.dataset.config;
  if (url) {
    const response = await win.fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return (await response.json()) as CairnConfig;
  }
  if (script?.dataset.endpoint) return { endpoint: script.dataset.endpoint, goals: {} };
  throw new Error('no config found: add a <script type="application/json" data-cairn-config> block or data-config="/cairn.config.json"');
}
