import type { VisibleTrigger } from '../schema/types';
import { safeMatches, type GoalTrigger } from './dom';
import type { StopTrigger, TriggerHost } from './trigger-host';

/** Intersection ratios are rounded by browsers; a fully visible element may report 0.9999. */
const RATIO_EPSILON = 0.001;

/** Per watched element and trigger index: the pending timer, or `true` once fired. */
type Watch = Map<number, number | true | undefined>;

/**
 * Fires a visible trigger when an element matching its selector stays at least `threshold` in view
 * for `durationMs` (IntersectionObserver); each element fires once per trigger. Elements added later
 * are picked up by a MutationObserver; removed ones are no longer observed. Elements taller than
 * the viewport by more than 1/threshold never reach the ratio. Without IntersectionObserver, nothing.
 *
 * @example
 * const stop = startVisible(host, [{ goal, trigger: { on: 'visible', selector: '#pricing' } }]);
 */
export function startVisible(host: TriggerHost, entries: readonly GoalTrigger<VisibleTrigger>[]): StopTrigger {
  const win = host.window;
  if (typeof win.IntersectionObserver !== 'function' || typeof win.MutationObserver !== 'function') {
    host.debug('visible triggers need IntersectionObserver and MutationObserver');
    return () => {};
  }
  const doc = win.document;
  const watched = new WeakMap<Element, Watch>();
  const timers = new Set<number>();
  const thresholdOf = (i: number): number => entries[i]?.trigger.threshold ?? 0.5;

  const onIntersect = (records: IntersectionObserverEntry[]): void => {
    try {
      for (const record of records) {
        const element = record.target;
        const states = watched.get(element);
        if (!states) continue;
        for (const [i, state] of states) {
          if (state === true) continue;
          const inView = record.isIntersecting && record.intersectionRatio >= thresholdOf(i) - RATIO_EPSILON;
          if (inView && state === undefined) {
            const entry = entries[i];
            if (!entry) continue;
            const timer = win.setTimeout(() => {
              timers.delete(timer);
              states.set(i, true);
              if ([...states.values()].every((s) => s === true)) io.unobserve(element);
              host.fire(entry.goal.id, {}, 'visible');
            }, entry.trigger.durationMs ?? 1000);
            timers.add(timer);
            states.set(i, timer);
          } else if (!inView && state !== undefined) {
            win.clearTimeout(state);
            timers.delete(state);
            states.set(i, undefined);
          }
        }
      }
    } catch (error) {
      host.debug('visible trigger failed', error);
    }
  };
  const thresholds = [...new Set(entries.map((_, i) => thresholdOf(i)))];
  const io = new win.IntersectionObserver(onIntersect, { threshold: thresholds });

  const each = (root: Element, visit: (element: Element, i: number) => void): void => {
    entries.forEach(({ trigger }, i) => {
      if (safeMatches(root, trigger.selector)) visit(root, i);
      try {
        root.querySelectorAll(trigger.selector).forEach((element) => visit(element, i));
      } catch {
        // A bad selector was reported by the config check.
      }
    });
  };
  const watch = (element: Element, i: number): void => {
    let state = watched.get(element);
    if (!state) watched.set(element, (state = new Map()));
    if (!state.has(i)) state.set(i, undefined);
    if (state.get(i) !== true) io.observe(element);
  };
  const forget = (element: Element, i: number): void => {
    const state = watched.get(element)?.get(i);
    if (state !== undefined && state !== true) {
      win.clearTimeout(state);
      timers.delete(state);
      watched.get(element)?.set(i, undefined);
    }
    io.unobserve(element);
  };

  const mo = new win.MutationObserver((records) => {
    try {
      for (const record of records) {
        record.addedNodes.forEach((node) => node.nodeType === 1 && each(node as Element, watch));
        record.removedNodes.forEach((node) => {
          if (node.nodeType === 1 && !node.isConnected) each(node as Element, forget);
        });
      }
    } catch (error) {
      host.debug('visible trigger failed', error);
    }
  });
  if (doc.documentElement) each(doc.documentElement, watch);
  mo.observe(doc, { childList: true, subtree: true });

  return () => {
    mo.disconnect();
    io.disconnect();
    timers.forEach((timer) => win.clearTimeout(timer));
    timers.clear();
  };
}
