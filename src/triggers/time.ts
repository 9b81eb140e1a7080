import { createTimer } from '../lib/timer';
import type { TimeTrigger } from '../schema/trigger-types';
import { listen, type GoalTrigger } from './dom';
import { autoProp } from './read-props';
import type { PageTrigger } from './scroll';
import type { TriggerHost } from './trigger-host';

/**
 * Fires each time trigger once per page after `seconds` of engaged time, with `seconds` (the
 * trigger's) when the goal declares it. Engaged time counts only while the page is visible
 * (`visibilitychange`); a new SPA page starts again from zero. One timer at a time, set for the next
 * trigger due.
 *
 * @example
 * const { stop, reset } = startTime(host, [{ goal, trigger: { on: 'time', seconds: 30 } }]);
 */
export function startTime(host: TriggerHost, entries: readonly GoalTrigger<TimeTrigger>[]): PageTrigger {
  const win = host.window;
  const doc = win.document;
  const fired = new Set<number>();
  let engagedMs = 0;
  let visibleSince: number | undefined;
  const timer = createTimer(win);

  const engaged = (): number => engagedMs + (visibleSince === undefined ? 0 : Date.now() - visibleSince);

  const tick = (): void => {
    timer.clear();
    try {
      const now = engaged();
      let next = Infinity;
      entries.forEach(({ goal, trigger }, i) => {
        if (fired.has(i)) return;
        const due = trigger.seconds * 1000;
        if (due <= now) {
          fired.add(i);
          host.fire(goal.id, autoProp(goal, 'seconds', trigger.seconds), 'time');
        } else {
          next = Math.min(next, due);
        }
      });
      if (visibleSince !== undefined && next !== Infinity) timer.arm(next - now, tick);
    } catch (error) {
      host.debug('time trigger failed', error);
    }
  };

  const start = (): void => {
    visibleSince = doc.visibilityState === 'hidden' ? undefined : Date.now();
    tick();
  };

  const stopListening = listen(host, doc, 'visibilitychange', () => {
    if (doc.visibilityState === 'hidden') {
      engagedMs = engaged();
      visibleSince = undefined;
      timer.clear();
    } else if (visibleSince === undefined) {
      start();
    }
  });
  start();

  return {
    stop() {
      stopListening();
      timer.clear();
    },
    reset() {
      fired.clear();
      engagedMs = 0;
      start();
    },
  };
}
