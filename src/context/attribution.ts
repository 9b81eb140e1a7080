import type { KeyValueStorage } from '../lib/storage';
import { visitorKeys } from '../lib/storage-keys';
import { asObject, storedValue } from '../lib/stored-value';
import { counts, isText, textMap, touchOf } from './stored-shapes';
import type { EventContext, Touch } from '../schema/event-types';
import type { ContextStep } from './context-step';
import { readLanding, type Landing, type LandingOptions } from './landing';
import type { Session } from './session';

/** What a session keeps from the landing that started it (stored as `cairn:attr`). */
interface SessionSource {
  sid: string;
  /** The session's number for this visitor, from 1. */
  n: number;
  /** Its first event's time, ms. */
  start: number;
  channel: Touch['channel'];
  source: string;
  medium: string;
  campaign?: Landing['campaign'];
  clickIds?: Landing['clickIds'];
  landing: EventContext['landing'];
  /** The campaign and click ids as one string: a landing with another starts a new session. */
  key?: string;
}

/** The visitor's first touch (never overwritten) and last non-direct one (stored as `cairn:touch`). */
interface Touches {
  first?: Touch;
  last?: Touch;
  /** The number of the visitor's latest session. */
  n?: number;
}

/** The context keys of a session, shared by its events (one object each: batches send them once). */
type SessionKeys = Pick<EventContext, 'channel' | 'campaign' | 'clickIds' | 'landing' | 'firstTouch' | 'lastTouch'> & { sid: string; n: number; start: number };

/**
 * Attribution: reads this page's landing once (UTM, click ids, referrer), starts a new session on
 * a landing from another campaign (as Matomo and Universal Analytics do; GA4 does not), and puts
 * the session's channel, campaign, click ids, landing and the visitor's touches on every event.
 */
export function createAttribution(win: Window, storage: KeyValueStorage, session: Session, options: LandingOptions, now: () => number, href = win.document.URL, clean = (url: string) => url) {
  const landing = pageLanding(win, clean(href), options, clean(win.document.referrer));
  const sources = storedValue(storage, visitorKeys.attribution, readSource);
  const touches = storedValue(storage, visitorKeys.touches, readTouches);
  if (landing.key !== undefined && sources.get(now())?.key !== landing.key) session.restart();
  let unused = true;
  let current: SessionKeys | undefined;

  const resolve = (sid: string, ts: number): SessionKeys => {
    let source = sources.fresh(ts);
    let seen = touches.get(ts);
    if (source?.sid !== sid) {
      seen = touches.fresh(ts);
      const n = (seen.n ?? 0) + 1;
      // This page's landing starts the first session it sees; a later one (a timeout while the page stayed open) is Direct.
      const from = unused && landing.kind !== 'internal' ? landing : { ...DIRECT, url: pageUrl(win) };
      source = { sid, n, start: ts, channel: from.channel, source: from.source, medium: from.medium, campaign: from.campaign, clickIds: from.clickIds, landing: from.referrer ? { url: from.url, referrer: from.referrer } : { url: from.url }, key: from.key };
      sources.set(source);
      const touch: Touch = { channel: from.channel, source: from.source, medium: from.medium, ts };
      if (from.campaign?.name) touch.campaign = from.campaign.name;
      seen = { first: seen.first ?? touch, last: from.kind === 'direct' || from.kind === 'internal' ? seen.last : touch, n };
      touches.set(seen);
    }
    unused = false;
    return { sid, n: source.n, start: source.start, channel: source.channel, campaign: source.campaign, clickIds: source.clickIds, landing: source.landing, firstTouch: seen.first, lastTouch: seen.last };
  };

  const step: ContextStep = (event) => {
    const context = event.context;
    if (current?.sid !== context.sessionId) current = resolve(context.sessionId, event.ts);
    context.sessionIndex = current.n;
    context.sessionStart = current.start;
    context.channel = current.channel;
    if (current.campaign) context.campaign = current.campaign;
    if (current.clickIds) context.clickIds = current.clickIds;
    context.landing = current.landing;
    if (current.firstTouch) context.firstTouch = current.firstTouch;
    if (current.lastTouch) context.lastTouch = current.lastTouch;
  };
  return {
    step,
    clear() {
      sources.clear();
      touches.clear();
      current = undefined;
      unused = false;
    },
  };
}

/** The stored session source, when every key it has is well formed. */
function readSource(stored: unknown): SessionSource | undefined {
  const s = asObject(stored);
  const landing = asObject(s?.landing);
  if (!s || !isText(s.sid) || !isText(s.channel) || !isText(s.source) || !isText(s.medium) || !counts(s, ['n', 'start']) || !isText(landing?.url)) return undefined;
  if ((landing.referrer !== undefined && !isText(landing.referrer)) || (s.key !== undefined && !isText(s.key))) return undefined;
  if ((s.campaign !== undefined && !textMap(s.campaign)) || (s.clickIds !== undefined && !textMap(s.clickIds))) return undefined;
  return s as unknown as SessionSource;
}

/** The stored touches, each kept only when well formed. */
function readTouches(stored: unknown): Touches {
  const t = asObject(stored);
  const touches: Touches = {};
  const first = touchOf(t?.first);
  const last = touchOf(t?.last);
  if (first) touches.first = first;
  if (last) touches.last = last;
  if (t && counts(t, ['n'])) touches.n = Math.floor(t.n as number);
  return touches;
}

type PageLanding = Landing & { key?: string };

const DIRECT = { kind: 'direct', source: '(direct)', medium: '(none)', channel: 'Direct' } as const;

/** The page URL without its query (which may hold personal data), origin + path. */
const pageUrl = (win: Window): string => win.location.origin + win.location.pathname;

/**
 * This page's landing, from its URL and referrer with personal data taken out (UTMs and click ids
 * are kept, their values redacted). A link from the site itself that carries UTM parameters is a
 * tagging mistake, not a new touch: internal it stays.
 */
function pageLanding(win: Window, href: string, options: LandingOptions, referrer: string): PageLanding {
  try {
    const landing: PageLanding = readLanding(href, referrer, options);
    if (landing.kind !== 'campaign') return landing;
    if (referrer && readLanding(pageUrl(win), referrer, options).kind === 'internal') return { ...DIRECT, kind: 'internal', url: landing.url };
    landing.key = JSON.stringify([landing.campaign, landing.clickIds]);
    return landing;
  } catch {
    return { ...DIRECT, url: pageUrl(win) };
  }
}
