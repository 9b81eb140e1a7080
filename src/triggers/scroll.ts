import type { ScrollTrigger } from '../schema/trigger-types';
import { listen, type GoalTrigger } from './dom';
import { autoProp } from './read-props';
import type { StopTrigger, TriggerHost } from './trigger-host';

/** A running trigger that also restarts its once-per-page policy on a new SPA page. */
export interface PageTrigger {
  stop: StopTrigger;
  /** Forget what fired: a new page has started. */
  reset(): void;
}

/**
 * Fires each scroll trigger once per page when the bottom of the viewport passes `percent` of the
 * page height, with `percent` (the trigger's) when the goal declares it. The scroll listener only
 * schedules one animation frame; layout is read in that frame. Depth is measured on scroll only, so a
 * page that fits in the window without scrolling never fires.
 *
 * @example
 * const { stop, reset } = startScroll(host, [{ goal, trigger: { on: 'scroll', percent: 75 } }]);
 */
export function startScroll(host: TriggerHost, entries: readonly GoalTrigger<ScrollTrigger>[]): PageTrigger {
  const win = host.window;
  const fired = new Set<number>();
  let frame: number | undefined;

  const measure = (): void => {
    frame = undefined;
    try {
      const doc = win.document;
      const height = Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0);
      if (height <= 0) return;
      const depth = ((win.scrollY + win.innerHeight) / height) * 100;
      entries.forEach(({ goal, trigger }, i) => {
        if (fired.has(i) || depth < trigger.percent) return;
        fired.add(i);
        host.fire(goal.id, autoProp(goal, 'percent', trigger.percent), 'scroll');
      });
    } catch (error) {
      host.debug('scroll trigger failed', error);
    }
  };

  const stopListening = listen(host, win.document, 'scroll', () => {
    if (frame === undefined && fired.size < entries.length) frame = win.requestAnimationFrame(measure);
  });

  return {
    stop() {
      stopListening();
      if (frame !== undefined) win.cancelAnimationFrame(frame);
      frame = undefined;
    },
    reset() {
      fired.clear();
    },
  };
}
