/**
 * The three engines behind one small interface, for the tests that must hold in every engine a
 * visitor uses: Chromium through playwright-core, Firefox (Debian's firefox-esr) through
 * puppeteer-core over WebDriver BiDi, WebKit (WebKitGTK's MiniBrowser) through WebKitWebDriver and
 * selenium-webdriver, in a virtual display (xvfb-run). Each page gets its own storage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { Builder, By, type WebDriver } from 'selenium-webdriver';
import { CHROMIUM_ARGS } from '../../scripts/ensure-chromium.mjs';
import { ENGINE_PATHS, ensureBrowsers } from '../../scripts/ensure-browsers.mjs';

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/** A page of one engine, with its own storage. */
export interface EnginePage {
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the page (serialised: no closure over test values) and returns its result, awaited. */
  evaluate<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  click(selector: string): Promise<void>;
  /**
   * Takes the page's network offline and back (`navigator.onLine` and the `offline` and `online`
   * events follow), where the driver can: absent in WebKit, whose WebDriver has no such command.
   */
  setOffline?(offline: boolean): Promise<void>;
  close(): Promise<void>;
}

/** A running engine. */
export interface Engine {
  name: EngineName;
  newPage(): Promise<EnginePage>;
  /** `count` tabs of one browser profile: they share storage, as a visitor's tabs do. */
  newTabs(count: number): Promise<EnginePage[]>;
  close(): Promise<void>;
}

/** Starts an engine; its programs are found, or installed from Debian's packages (as root). */
export async function launchEngine(name: EngineName): Promise<Engine> {
  const paths = ensureBrowsers();
  if (name === 'chromium') return launchChromium(paths.chromium);
  if (name === 'firefox') return launchFirefox();
  return launchWebKit();
}

/** Waits until the script tag has started its tracker in the page. */
export async function ready(page: EnginePage): Promise<void> {
  for (let i = 0; i < 100; i++) {
    // A page in the middle of a navigation may refuse a script: try again.
    const started = await page.evaluate(() => {
      const cairn = (window as { cairn?: { on?: (name: string, fn: () => void) => unknown } }).cairn;
      if (!cairn?.on) return false;
      const off = cairn.on('track', () => {});
      return typeof off === 'function' ? ((off as () => void)(), true) : false;
    }, null).catch(() => false);
    if (started) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('the script tag did not start');
}

/** The part of a playwright or puppeteer page the tests use: both have the same methods. */
interface DriverPage {
  goto(url: string): Promise<unknown>;
  evaluate(fn: never, arg: never): Promise<unknown>;
  click(selector: string): Promise<void>;
}

/** An {@link EnginePage} over a playwright or puppeteer page; `close` closes its context. */
function pageOf(page: DriverPage, close: () => Promise<void>, setOffline?: (offline: boolean) => Promise<void>): EnginePage {
  return {
    goto: async (url) => void (await page.goto(url)),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
    click: (selector) => page.click(selector),
    setOffline,
    close,
  };
}

async function launchChromium(executablePath: string): Promise<Engine> {
  // With the back/forward cache on, as the other engines and real Chromium have it (playwright turns it off).
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'], ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  return {
    name: 'chromium',
    async newPage() {
      const context = await browser.newContext();
      return pageOf(await context.newPage(), () => context.close(), (offline) => context.setOffline(offline));
    },
    async newTabs(count) {
      const context = await browser.newContext();
      const pages = [];
      for (let i = 0; i < count; i++) pages.push(pageOf(await context.newPage(), () => context.close()));
      return pages;
    },
    close: () => browser.close(),
  };
}

async function launchFirefox(): Promise<Engine> {
  // Media may play without a gesture, as Chromium's --autoplay-policy flag allows it there.
  const extraPrefsFirefox = { 'media.autoplay.default': 0, 'media.autoplay.blocking_policy': 0 };
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: ENGINE_PATHS.firefox(), headless: true, protocol: 'webDriverBiDi', extraPrefsFirefox });
  return {
    name: 'firefox',
    async newPage() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      // WebDriver BiDi's emulation.setNetworkConditions (offline only).
      return pageOf(page, () => context.close(), (offline) => page.setOfflineMode(offline));
    },
    async newTabs(count) {
      const context = await browser.createBrowserContext();
      const pages = [];
      for (let i = 0; i < count; i++) pages.push(pageOf(await context.newPage(), () => context.close()));
      return pages;
    },
    close: () => browser.close(),
  };
}

/** One WebDriver session's queue of calls: the tabs of a session take turns, each switched to first. */
type Turns = { last: Promise<unknown> };

/** An {@link EnginePage} for one tab of a WebDriver session (calls of its tabs never interleave). */
function tabOf(driver: WebDriver, handle: string, close: () => Promise<void>, turns: Turns = { last: Promise.resolve() }): EnginePage {
  const inTab = <T>(run: () => Promise<T>): Promise<T> => {
    const next = turns.last.then(async () => {
      await driver.switchTo().window(handle);
      return run();
    });
    turns.last = next.catch(() => undefined);
    return next;
  };
  return {
    goto: (url) => inTab(() => driver.get(url)),
    evaluate: (fn, arg) => inTab(() => driver.executeScript(`return (${fn.toString()})(arguments[0]);`, arg)) as never,
    click: (selector) => inTab(async () => driver.findElement(By.css(selector)).click()),
    close,
  };
}

/** A free TCP port on localhost. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function launchWebKit(): Promise<Engine> {
  const port = await freePort();
  // xvfb-run gives the driver (and the MiniBrowser it starts) a virtual display; its own process group, to end them all.
  const driverProcess: ChildProcess = spawn(ENGINE_PATHS.xvfbRun(), ['-a', ENGINE_PATHS.webkitDriver(), `--port=${port}`], { stdio: 'ignore', detached: true });
  const server = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${server}/status`).then((r) => r.ok, () => false)) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  const capabilities = { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: ENGINE_PATHS.miniBrowser(), args: ['--automation'] } };
  return {
    name: 'webkit',
    async newPage() {
      // A session is a MiniBrowser of its own, with its own (ephemeral) storage.
      const driver: WebDriver = await new Builder().usingServer(server).withCapabilities(capabilities).build();
      return tabOf(driver, await driver.getWindowHandle(), () => driver.quit());
    },
    async newTabs(count) {
      // Tabs of one session share its storage; each call switches the session to its tab first.
      const driver: WebDriver = await new Builder().usingServer(server).withCapabilities(capabilities).build();
      const handles = [await driver.getWindowHandle()];
      for (let i = 1; i < count; i++) {
        await driver.switchTo().newWindow('tab');
        handles.push(await driver.getWindowHandle());
      }
      const turns: Turns = { last: Promise.resolve() };
      return handles.map((handle) => tabOf(driver, handle, () => driver.quit(), turns));
    },
    async close() {
      try {
        process.kill(-driverProcess.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
    },
  };
}
