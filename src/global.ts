/**
 * The script-tag build (`dist/cairn.global.js`). Reads the config from the page, loads the trigger
 * and context modules from its own folder, replaces the `window.cairn` stub, and replays the calls
 * queued before it loaded with their original times.
 */
import { nameOf } from './lib/name-of';
import type { ContextModule } from './context/context-module';
import type { HealthModule } from './health/health-module';
import { createLogger } from './lib/log';
import { bootTracker } from './tracker/create-tracker';
import type { Tracker } from './tracker/tracker-types';
import type { TriggerModule } from './triggers/trigger-host';
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

type CairnWindow = Window & typeof globalThis & { cairn?: CairnGlobal; cairnTriggers?: TriggerModule; cairnContext?: ContextModule; cairnHealth?: HealthModule };

/** The modules of the files beside this one; undefined when a file is skipped or did not load. */
interface Modules {
  triggers?: TriggerModule;
  context?: ContextModule;
  health?: HealthModule;
}

const COMMANDS = ['track', 'consent', 'identify', 'reset', 'experiment', 'funnel', 'flush', 'shutdown', 'on'] as const;

/** How long the script tag waits for `cairn.triggers.js`, `cairn.context.js` and `cairn.health.js` (together) before it starts without them. */
const FILES_WAIT_MS = 3000;

/**
 * Stands in for a missing `cairn.triggers.js`: it starts nothing, and it lets the goals that declare
 * triggers run from `track()` (unchecked: the checks are in the missing file) without the tracker's
 * npm-worded warning about a trigger module not passed; the script tag says why once.
 */
const NO_TRIGGERS: TriggerModule = { start: () => () => {}, validate: () => [] };

boot();

function boot(): void {
  if (typeof window === 'undefined') return;
  const win = window as CairnWindow;
  const log = createLogger(false);
  try {
    if (win.cairn?.loaded) return log.error('loaded twice: the second copy does nothing');
    const script = currentScript(win);
    // Before the app can clean its query (UTMs) while the config and the files beside this one load.
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

    const start = ([config, { triggers, context, health }]: [CairnConfig, Modules]) => {
      const fromScript = script?.dataset;
      if (!triggers && fromScript?.triggers !== 'false') log.warn("no cairn.triggers.js: goals' triggers and data-cairn tags are off");
      if (!context && fromScript?.context !== 'false') log.warn('no cairn.context.js: events go without campaign, channel and funnels');
      if (!health && (config.health || fromScript?.health)) log.warn('no cairn.health.js (data-health on the script tag loads it): events go without page health');
      if (fromScript?.endpoint) config = { ...config, endpoint: fromScript.endpoint };
      if (fromScript?.debug !== undefined && fromScript.debug !== 'false') config = { ...config, debug: true };
      tracker = bootTracker(config, { triggers: triggers ?? NO_TRIGGERS, context, health }, { lenient: true, now: () => replayAt ?? Date.now(), landing });
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

    Promise.all([loadConfig(win, script), loadModules(win, script)])
      .then(start)
      .catch((error: unknown) => log.error(`could not load the config: ${nameOf(error)}`));
  } catch (error) {
    log.error(`could not start: ${nameOf(error)}`);
  }
}

/**
 * The trigger, context and health modules: each already on the page (`window.cairnTriggers`,
 * `window.cairnContext`, `window.cairnHealth`) or its file (`cairn.triggers.js`, `cairn.context.js`,
 * `cairn.health.js`) loaded from the folder of this script, all at once (added in that order), with
 * its nonce. `data-triggers="false"` or `data-context="false"` on the script tag goes without that
 * file; the health module is loaded only for `data-health` (`data-health="attribution"`: its
 * attribution build, `cairn.health-attribution.js`), so a site without it makes no request for it.
 * Never rejects: a module whose file is not found, blocked, or not there within 3 s (one wait for
 * all) is left out.
 */
function loadModules(win: CairnWindow, script: HTMLScriptElement | undefined): Promise<Modules> {
  return new Promise((done) => {
    const health = script?.dataset.health;
    const names = ['triggers', 'context', ...(health === undefined || health === 'false' ? [] : ['health'])] as const;
    const files = names.filter((name) => !win[`cairn${name[0]!.toUpperCase()}${name.slice(1)}` as 'cairnHealth'] && script?.src && script.dataset[name] !== 'false');
    let waiting = files.length;
    let timer: number | undefined;
    const finish = () => {
      win.clearTimeout(timer);
      done({ triggers: win.cairnTriggers, context: win.cairnContext, health: win.cairnHealth });
    };
    if (!waiting) return finish();
    timer = win.setTimeout(finish, FILES_WAIT_MS);
    // Every element is made before the first is added: a file refused during append (happy-dom
    // reports it at once) must not finish the wait before the other one is asked for.
    const elements = files.map((name) => {
      const element = win.document.createElement('script');
      element.src = new URL(`cairn.${name}${name === 'health' && health === 'attribution' ? '-attribution' : ''}.js`, script!.src).href;
      element.nonce = script!.nonce;
      element.onload = element.onerror = () => --waiting || finish();
      return element;
    });
    win.document.head.append(...elements);
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
