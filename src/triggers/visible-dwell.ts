import type { VisibleTrigger } from '../schema/trigger-types';
import type { GoalTrigger } from './dom';
import type { TriggerHost } from './trigger-host';

/** Intersection ratios are rounded by browsers; a fully visible element may report 0.9999. */
const RATIO_EPSILON = 0.001;

/** Per watched element and trigger index: the pending timer, or `true` once fired. */
type Watch = Map<number, number | true | undefined>;

/** The dwell timing of visible triggers, fed with the elements to watch. */
export interface VisibleDwell {
  /** Watches `element` for trigger `i`, unless that trigger already fired for it. */
  watch(element: Element, i: number): void;
  /** Stops watching `element` (removed from the page); a pending timer of trigger `i` is cancelled. */
  forget(element: Element, i: number): void;
  /** Disconnects the observer and cancels every pending timer. */
  stop(): void;
}

/**
 * Times how long each watched element stays at least `threshold` in view (IntersectionObserver)
 * and fires trigger `i` once `durationMs` has passed in view, once per element. Leaving the view
 * before then cancels the timer; an element is unobserved once every trigger fired for it.
 * Needs `window.IntersectionObserver`.
 *
 * @example
 * const dwell = createVisibleDwell(host, entries); dwell.watch(pricing, 0);
 */
export function createVisibleDwell(host: TriggerHost, entries: readonly GoalTrigger<VisibleTrigger>[]): VisibleDwell {
  const win = host.window;
  const watched = new WeakMap<Element, Watch>();
  const timers = new Set<number>();
  const thresholdOf = (i: number): number => entries[i]?.trigger.threshold ?? 0.5;
  const dwell = (element: Element, states: Watch, i: number): void => {
    const entry = entries[i];
    if (!entry) return;
    const timer = win.setTimeout(() => {
      timers.delete(timer);
      states.set(i, true);
      if ([...states.values()].every((s) => s === true)) io.unobserve(element);
      host.fire(entry.goal.id, {}, 'visible');
    }, entry.trigger.durationMs ?? 1000);
    timers.add(timer);
    states.set(i, timer);
  };
  const cancel = (states: Watch, i: number, timer: number): void => {
    win.clearTimeout(timer);
    timers.delete(timer);
    states.set(i, undefined);
  };
  const onIntersect = (records: IntersectionObserverEntry[]): void => {
    try {
      for (const record of records) {
        const states = watched.get(record.target);
        if (!states) continue;
        for (const [i, state] of states) {
          if (state === true) continue;
          const inView = record.isIntersecting && record.intersectionRatio >= thresholdOf(i) - RATIO_EPSILON;
          if (inView && state === undefined) dwell(record.target, states, i);
          else if (!inView && state !== undefined) cancel(states, i, state);
        }
      }
    } catch (error) {
      host.debug('visible trigger failed', error);
    }
  };
  const io = new win.IntersectionObserver(onIntersect, { threshold: [...new Set(entries.map((_, i) => thresholdOf(i)))] });

  return {
    watch(element, i) {
      let states = watched.get(element);
      if (!states) watched.set(element, (states = new Map()));
      if (!states.has(i)) states.set(i, undefined);
      if (states.get(i) !== true) io.observe(element);
    },
    forget(element, i) {
      const states = watched.get(element);
      const state = states?.get(i);
      if (states && typeof state === 'number') cancel(states, i, state);
      io.unobserve(element);
    },
    stop() {
      io.disconnect();
      timers.forEach((timer) => win.clearTimeout(timer));
      timers.clear();
    },
  };
}
