import type { Hit } from '../context/context-step';
import { CairnError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { nameOf } from '../lib/name-of';
import type { ResolvedConfig } from '../schema/parse-config';
import type { ConsentPurpose, ConsentPurposes } from '../schema/privacy-types';
import type { Tracker } from '../tracker/tracker-types';
import { nextPurposes, PURPOSES, readRemembered, samePurposes } from './consent-state';
import { followRemembered, forget, readRecord, remember } from './remembered';

/**
 * The part of a tracker that stores and sends (tracker/start-engine.ts). It runs only while some
 * purpose is granted: before that nothing of it exists, so nothing can be stored or sent.
 */
export interface Engine extends Pick<Tracker, 'identify' | 'reset' | 'experiment' | 'funnel' | 'flush'> {
  /** Takes a hit through the rest of the pipeline (once, build, context steps, beforeSend, queue). */
  record(hit: Hit): void;
  /** Stops it. `forget`: nothing more is written or sent, not even at pagehide (a withdrawal). */
  stop(forget: boolean): void;
}

/** Consent as the tracker applies it: where each hit goes, and what a change of mind does. */
export interface ConsentGate {
  /** A hit goes on when its purpose is granted, waits in memory while pending, is dropped when denied. */
  route(hit: Hit): void;
  /** A visitor call (`identify`, `reset`, `experiment`): now, or after the grant while consent is pending. */
  run(call: (engine: Engine) => void): void;
  /** The running engine, when a purpose is granted. */
  engine(): Engine | undefined;
  /** `consent(state)`. */
  set(choice: unknown): void;
  /** The state now (one object until it changes, so a batch shares it). */
  purposes(): ConsentPurposes;
  /** Whether the browser sent Global Privacy Control. */
  readonly gpc: boolean;
  /** `shutdown()`: the engine stops, waiting events stay stored. */
  stop(): void;
}

interface GateParts {
  config: ResolvedConfig;
  win: Window & typeof globalThis;
  log: Logger;
  report: (error: CairnError) => void;
  /** Starts the engine (at the first grant, or at once when consent is granted already) with the state to put on events. */
  start: (purposes: () => ConsentPurposes, gpc: boolean) => Engine;
}

type Held = Hit | ((engine: Engine) => void);

/**
 * Holds hits in memory while consent is pending (at most `delivery.maxStoredEvents`, the oldest
 * micro one dropped first, never a macro one), replays them on a grant with their own times and
 * pages, drops them on a denial, and on a withdrawal stops the engine and deletes every key cairn
 * wrote (the remembered choice aside). Global Privacy Control, read once, denies its purposes for
 * the page whatever a later call says.
 */
export function createConsentGate(parts: GateParts): ConsentGate {
  const { win, log } = parts;
  const options = parts.config.consent;
  const { gpc, locked } = readGpc(win, options.gpc);
  const remembered = options.persist ? readRemembered(readRecord(win), Date.now()) : undefined;
  let purposes = nextPurposes(remembered ?? options.default, options.default, locked) as ConsentPurposes;
  const granted = () => PURPOSES.some((p) => purposes[p] === 'granted');
  const start = () => parts.start(() => purposes, gpc);
  let engine = granted() ? start() : undefined;
  const held: Held[] = [];
  const hold = (entry: Held) => keep(held, entry, parts.config.delivery.maxStoredEvents, log);
  const apply = () => {
    if (!granted()) {
      engine?.stop(true);
      engine = undefined;
      forget(win);
    } else engine ??= start();
    const dropped = release(held, purposes, engine);
    if (dropped) parts.report(new CairnError('consent', `consent denied: ${dropped} event(s) tracked before the choice dropped`));
  };
  const change = (next: ConsentPurposes) => {
    if (samePurposes(next, purposes)) return;
    purposes = next;
    log.debug(`consent: analytics ${next.analytics}, marketing ${next.marketing}`);
    apply();
  };
  // A choice remembered in another tab reaches this one (a withdrawal there stops sending here).
  const stopFollowing = options.persist ? followRemembered(win, (next) => change(nextPurposes(next, purposes, locked) as ConsentPurposes)) : undefined;
  return {
    route(hit) {
      const value = purposes[purposeOf(hit)];
      if (value === 'granted') return engine!.record(hit);
      if (value === 'pending') return log.debug(`${hit.goal.id}: held in memory until consent`), hold(hit);
      log.debug(`${hit.goal.id}: consent denied, dropped`);
    },
    run(call) {
      if (engine) call(engine);
      else if (PURPOSES.some((p) => purposes[p] === 'pending')) hold(call);
    },
    engine: () => engine,
    set(choice) {
      const next = readChoice(choice, purposes, locked);
      if (!next) return log.warn(`consent: expected "pending" | "granted" | "denied" or values per purpose, received ${nameOf(choice)}`);
      if (options.persist) remember(win, next);
      change(next);
    },
    purposes: () => purposes,
    gpc,
    stop() {
      stopFollowing?.();
      engine?.stop(false);
      engine = undefined;
      held.length = 0;
    },
  };
}

/** The state after `consent(choice)`; undefined when it is no choice (a getter or proxy trap that throws is none). */
function readChoice(choice: unknown, purposes: ConsentPurposes, locked: readonly ConsentPurpose[]): ConsentPurposes | undefined {
  try {
    return nextPurposes(choice, purposes, locked);
  } catch {
    return undefined;
  }
}

/**
 * Global Privacy Control, read once: the value is fixed for the page's navigation (GPC spec,
 * `gpcAtNavigation`). It denies `marketing`, or every purpose with `deny-all`.
 */
function readGpc(win: Window, rule: ResolvedConfig['consent']['gpc']): { gpc: boolean; locked: readonly ConsentPurpose[] } {
  const gpc = rule !== 'ignore' && (win.navigator as Navigator & { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
  return { gpc, locked: gpc ? (rule === 'deny-all' ? PURPOSES : ['marketing']) : [] };
}

/** Keeps an entry while consent is pending: past `max`, the oldest micro hit goes, never a macro one. */
function keep(held: Held[], entry: Held, max: number, log: Logger): void {
  held.push(entry);
  if (held.length <= max) return;
  const oldest = held.findIndex((e) => typeof e !== 'function' && e.goal.definition.kind === 'micro');
  if (oldest >= 0) log.debug(`consent pending: ${(held.splice(oldest, 1)[0] as Hit).goal.id} dropped, ${held.length} kept in memory`);
}

/** After a change: what may go on goes on, in order; what is still pending stays; the rest is dropped (how many is returned). */
function release(held: Held[], purposes: ConsentPurposes, engine: Engine | undefined): number {
  let dropped = 0;
  for (const entry of held.splice(0)) {
    const value = typeof entry === 'function' ? (engine ? 'granted' : PURPOSES.some((p) => purposes[p] === 'pending') ? 'pending' : 'denied') : purposes[purposeOf(entry)];
    if (value === 'pending') held.push(entry);
    else if (value === 'denied') dropped += typeof entry === 'function' ? 0 : 1;
    else if (typeof entry === 'function') entry(engine!);
    else engine!.record(entry);
  }
  return dropped;
}

const purposeOf = (hit: Hit): ConsentPurpose => hit.goal.definition.purpose ?? 'analytics';
