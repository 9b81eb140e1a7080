import type { PageviewTrigger } from '../schema/trigger-types';
import type { GoalTrigger } from './dom';
import { pagePath } from './navigation';
import { compilePathPattern } from './path-match';
import { autoProp } from './read-props';
import type { TriggerHost } from './trigger-host';

/**
 * Returns the check to run on page load and on each new SPA page (see `watchPages`): every goal with
 * a pageview trigger matching `path`, a page path (default: the current one, see `pagePath`), fires
 * once, with `path` when the goal declares it.
 * Triggers whose regular expression does not compile are skipped (the config check reports them).
 *
 * @example
 * const onPage = pageviewHandler(host, [{ goal, trigger: { on: 'pageview', path: '/product/*' } }]);
 * onPage();
 */
export function pageviewHandler(host: TriggerHost, entries: readonly GoalTrigger<PageviewTrigger>[]): (path?: string, href?: string) => void {
  const compiled = entries.flatMap(({ goal, trigger }) => {
    try {
      return [{ goal, matches: compilePathPattern(trigger.path, trigger.match) }];
    } catch (error) {
      host.debug(`pageview trigger of ${goal.id} skipped`, error);
      return [];
    }
  });
  return (path = pagePath(host.window.location), href?: string) => {
    const fired = new Set<string>();
    for (const { goal, matches } of compiled) {
      if (fired.has(goal.id) || !matches(path)) continue;
      fired.add(goal.id);
      host.fire(goal.id, autoProp(goal, 'path', path), 'pageview', href ? { href } : undefined);
    }
  };
}
