import type { KeyValueStorage } from '../lib/storage';
import { visitorKeys } from '../lib/storage-keys';
import { asObject, storedValue } from '../lib/stored-value';
import { counts, isText } from './stored-shapes';
import type { FunnelStep, TrackedEvent } from '../schema/event-types';
import type { Abandonment, FunnelProgress } from './context-module';

/** One attempt at a funnel, as stored (`cairn:funnel`): short keys, it is written on every step. */
interface Attempt {
  /** Furthest step reached, 1-based. */
  r: number;
  /** When it was reached (or last reached again), ms. */
  at: number;
  /** Session of the last step. */
  sid: string;
  /** Cart value and currency of the latest step event that had a value. */
  v?: number;
  c?: string;
  /** Set once the abandonment event was sent for this attempt. */
  ab?: 1;
}

type Attempts = { [funnel: string]: Attempt };

/** An attempt older than this without progress is over: the next step starts a new one (Mixpanel's default window). */
export const FUNNEL_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Funnel progress per visitor. The rule is GA4's *open* funnel: a visitor may enter at any step,
 * and reaching step k counts as having reached k whatever came before (a deep link into checkout
 * counts); `reached` is the furthest step of the attempt. The macro goal at the end completes the
 * attempt and the funnel starts over. An attempt that stops short is abandoned once: at the first
 * event of a later session, or after `afterMs` without progress while a page is open.
 */
export function createFunnels(funnels: Record<string, readonly string[]>, storage: KeyValueStorage, abandon: (a: Abandonment) => void) {
  const stepsOf = new Map<string, [string, number][]>();
  for (const [name, steps] of Object.entries(funnels)) {
    steps.forEach((goal, i) => {
      const list = stepsOf.get(goal) ?? [];
      if (!list.some(([f]) => f === name)) stepsOf.set(goal, [...list, [name, i + 1]]);
    });
  }
  const store = storedValue(storage, visitorKeys.funnels, (s) => readAttempts(s, funnels));

  /** Marks and reports every unfinished attempt that `stale` says is over. */
  const settle = (now: number, stale: (a: Attempt) => boolean): void => {
    const attempts = store.fresh(now);
    let changed = false;
    for (const [name, a] of Object.entries(attempts)) {
      const steps = funnels[name];
      if (!steps || a.ab || !(a.r > 0 && a.r < steps.length) || !stale(a)) continue;
      a.ab = 1;
      changed = true;
      const report: Abandonment = { funnel: name, step: a.r, goal: steps[a.r - 1]!, steps: steps.length, reachedAt: a.at };
      if (a.v !== undefined) report.value = a.v;
      if (a.c !== undefined) report.currency = a.c;
      // After the event being tracked now, which started the session.
      queueMicrotask(() => abandon(report));
    }
    if (changed) store.set(attempts);
  };

  return {
    /** Updates the progress for one event and puts its place in each funnel on `context.funnels`. */
    step(event: TrackedEvent): void {
      const memberships = stepsOf.get(event.goal);
      if (!memberships) return;
      const attempts = store.get(event.ts);
      const places = memberships.map(([name, step]) => advance(attempts, name, step, funnels[name]!.length, event));
      event.context.funnels = places;
      store.set(attempts);
    },
    /** A new session: attempts of earlier sessions are abandoned. */
    sessionStarted: (sid: string, now: number) => settle(now, (a) => a.sid !== sid),
    /** Attempts without progress for `afterMs` are abandoned; returns when to look again, if ever. */
    expire(now: number, afterMs: number): number | undefined {
      settle(now, (a) => now - a.at >= afterMs);
      const open = Object.entries(store.get(now)).filter(([name, a]) => !a.ab && a.r < (funnels[name]?.length ?? 0));
      return open.length ? Math.min(...open.map(([, a]) => a.at + afterMs)) : undefined;
    },
    progress(id: string, now: number): FunnelProgress | undefined {
      const steps = funnels[id];
      if (!steps) return undefined;
      const a = store.get(now)[id];
      const reached = a && now - a.at < FUNNEL_WINDOW_MS ? a.r : 0;
      const progress: FunnelProgress = { funnel: id, steps: steps.length, reached };
      if (reached < steps.length) progress.next = steps[reached];
      if (reached) progress.reachedAt = a!.at;
      return progress;
    },
    clear: () => store.clear(),
  };
}

/** Moves one funnel's attempt on for an event of its step `step`; returns the event's place in it. */
function advance(attempts: Attempts, name: string, step: number, steps: number, event: TrackedEvent): FunnelStep {
  const old = attempts[name];
  const a: Attempt = old && event.ts - old.at < FUNNEL_WINDOW_MS ? old : { r: 0, at: event.ts, sid: '' };
  if (step >= a.r) {
    a.r = step;
    a.at = event.ts;
  }
  a.sid = event.context.sessionId;
  if (event.value !== undefined) {
    a.v = event.value;
    if (event.currency) a.c = event.currency;
  }
  if (step === steps) delete attempts[name];
  else attempts[name] = a;
  return { funnel: name, step, steps, reached: a.r };
}

/** The stored attempts of the config's funnels, each kept only when well formed. */
function readAttempts(stored: unknown, funnels: Record<string, readonly string[]>): Attempts {
  const attempts: Attempts = {};
  for (const [name, value] of Object.entries(asObject(stored) ?? {})) {
    const a = asObject(value);
    const steps = Object.prototype.hasOwnProperty.call(funnels, name) ? funnels[name]!.length : 0;
    if (!a || !counts(a, ['r', 'at']) || !Number.isInteger(a.r) || (a.r as number) > steps || !isText(a.sid)) continue;
    if ((a.v !== undefined && typeof a.v !== 'number') || (a.c !== undefined && !isText(a.c))) continue;
    attempts[name] = a as unknown as Attempt;
  }
  return attempts;
}
