import type { VisibleTrigger } from '../schema/trigger-types';
import { safeMatches, type GoalTrigger } from './dom';
import type { StopTrigger, TriggerHost } from './trigger-host';
import { createVisibleDwell } from './visible-dwell';

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
  const dwell = createVisibleDwell(host, entries);

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

  const mo = new win.MutationObserver((records) => {
    try {
      for (const record of records) {
        record.addedNodes.forEach((node) => node.nodeType === 1 && each(node as Element, dwell.watch));
        record.removedNodes.forEach((node) => {
          if (node.nodeType === 1 && !node.isConnected) each(node as Element, dwell.forget);
        });
      }
    } catch (error) {
      host.debug('visible trigger failed', error);
    }
  });
  if (doc.documentElement) each(doc.documentElement, dwell.watch);
  mo.observe(doc, { childList: true, subtree: true });

  return () => {
    mo.disconnect();
    dwell.stop();
  };
}
