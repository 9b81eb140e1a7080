import type { Campaign, ClickIds } from '../context/campaign';
import type { ChannelName } from '../context/channel';
import type { PageHealth } from './health-types';
import type { ConsentPurposes } from './privacy-types';

/** One arrival of the visitor: its channel, source, medium and campaign name, and when. */
export interface Touch {
  channel: ChannelName;
  source: string;
  medium: string;
  /** `utm_campaign`, when there was one. */
  campaign?: string;
  /** When the session it started began, ms since the epoch. */
  ts: number;
}

/** An event's place in one funnel (`context.funnels`). */
export interface FunnelStep {
  funnel: string;
  /** This event's step, 1-based. */
  step: number;
  /** Number of steps. */
  steps: number;
  /** Furthest step reached so far in this attempt, this one included. */
  reached: number;
}

/** The micro conversions before a macro conversion (`context.journey`). */
export interface Journey {
  /** The micro conversions since the previous macro conversion, oldest first (the last 50 at most). */
  items: { goal: string; ts: number; channel?: string }[];
  /** Micro conversions left out of `items` (over 50, or over the byte bound). */
  omitted: number;
  /** Sessions from the first one of this journey to this one, both counted. */
  sessions: number;
  /** Milliseconds since the visitor's first touch, when known. */
  sinceFirstTouchMs?: number;
  /** Milliseconds since this session started. */
  sinceSessionStartMs: number;
}

/** The page an event happened on (`context.page`). */
export interface PageContext {
  /** The page's URL. */
  url: string;
  /** Its path. */
  path: string;
  /** The document title ('' for a pageview that fired after the page moved on). */
  title: string;
  /** `document.referrer` on the first page; after an SPA navigation, the previous URL. */
  referrer: string;
}

/**
 * What an event knew when it was tracked. In a batch, keys whose values every event shares travel
 * once in the batch's `context` (docs/wire-format.md). Context providers may add keys of their own.
 */
export interface EventContext {
  /** The browser's anonymous id (stored as `cairn:aid`). */
  anonymousId: string;
  /** The user id set by `identify()`, when there is one. */
  userId?: string;
  /** The session (a new one after 30 minutes without an event). */
  sessionId: string;
  /** The session's number for this visitor: 1 for the first (context module). */
  sessionIndex?: number;
  /** When the session started: the time of its first event, ms since the epoch (context module). */
  sessionStart?: number;
  /** The page. */
  page: PageContext;
  /** The library that tracked it. */
  library: { name: string; version: string };
  /** The consent it was sent under, per purpose (docs/privacy.md). */
  consent: ConsentPurposes;
  /** Set when the browser sent Global Privacy Control (`navigator.globalPrivacyControl`). */
  gpc?: true;
  /** The session's channel in GA4's default channel group (context module). */
  channel?: ChannelName;
  /** The session's UTM parameters (context module). */
  campaign?: Campaign;
  /** The session's ad click ids, by parameter (context module). */
  clickIds?: ClickIds;
  /** The session's landing page (origin + path) and external referrer (context module). */
  landing?: { url: string; referrer?: string };
  /** How the visitor first arrived; never overwritten (context module). */
  firstTouch?: Touch;
  /** The visitor's last arrival that was not direct (context module). */
  lastTouch?: Touch;
  /** On an event of a funnel step: the visitor's progress in each funnel it belongs to (context module). */
  funnels?: FunnelStep[];
  /** On a macro event: the micro conversions since the previous one (context module). */
  journey?: Journey;
  /** Experiment variants of the session, by experiment (context module). */
  experiments?: { [name: string]: string };
  /** Traits of `identify()`, on the next event after it only (context module). */
  traits?: { [name: string]: string | number | boolean | null };
  /** On a macro event (and `page_health`): the page view's vitals, errors and broken media (health module). */
  health?: PageHealth;
  /** Keys added by other context providers. */
  [key: string]: unknown;
}

/** A tracked event, as `beforeSend`, `on('track')` listeners and the wire format see it. */
export interface TrackedEvent {
  /** Unique id (nanoid), the same across retries; collectors dedupe by it. */
  id: string;
  /** Goal id. */
  goal: string;
  /** The goal's kind. */
  kind: 'micro' | 'macro';
  /** A micro goal's role. */
  role?: 'milestone' | 'secondary';
  /** The goal's funnel stage, when it names one. */
  stage?: string;
  /** The conversion value: the goal's fixed value or its numeric prop. */
  value?: number;
  /** ISO 4217 code of the value. */
  currency?: string;
  /** Milliseconds since the epoch when the event was tracked. */
  ts: number;
  /** Position of the event within its session, from 1. */
  seq: number;
  /** Validated props. */
  props: Record<string, unknown>;
  /** Which trigger fired the event (`click`, `media`, `html`...), absent for `track()` calls. */
  trigger?: string;
  /** The consent purpose of its goal, when it is not `analytics`. */
  purpose?: 'marketing';
  /** Context captured when the event was tracked (ids, page, library...). */
  context: EventContext;
}

