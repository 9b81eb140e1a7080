import type { OutboundTrigger } from '../schema/trigger-types';
import { closestLink, linkUrl, type GoalTrigger, type SharedHandler } from './dom';
import { autoProp } from './read-props';
import type { TriggerHost } from './trigger-host';

/**
 * Handles `outbound` triggers for the shared click listener: a click on an http(s) link to another
 * host name than the page's fires the goal, with `url` (origin and path, no query) when the goal
 * declares that prop. `mailto:`, `tel:`, `javascript:` and every other scheme are ignored; a
 * subdomain (`shop.example.com` from `www.example.com`) is another host.
 *
 * @example
 * const onClick = outboundHandler(host, [{ goal, trigger: { on: 'outbound' } }]);
 */
export function outboundHandler(host: TriggerHost, entries: readonly GoalTrigger<OutboundTrigger>[]): SharedHandler {
  return (event, fired) => {
    const url = closestLink(event, host.window);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return;
    if (url.hostname === host.window.location.hostname) return;
    for (const { goal } of entries) {
      if (fired.has(goal.id)) continue;
      fired.add(goal.id);
      host.fire(goal.id, autoProp(goal, 'url', linkUrl(url)), 'outbound');
    }
  };
}
