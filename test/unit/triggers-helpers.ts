import { type Mock, vi } from 'vitest';
import type { TriggerConfig } from '../../src/schema/trigger-types';
import { startTriggers } from '../../src/triggers/start-triggers';
import type { StopTrigger, TriggerHost } from '../../src/triggers/trigger-host';

/** One `host.fire` call, as a user would check it: which goal, with which props, by which trigger. */
export interface Fired {
  goal: string;
  props: Record<string, unknown>;
  trigger: string;
  coerce: boolean;
}

export interface GoalSpec {
  id: string;
  triggers?: TriggerConfig[];
  propNames?: string[];
}

export interface FakeHost extends TriggerHost {
  fired: Fired[];
  debug: Mock<TriggerHost['debug']>;
}

/** A host that records every fired goal. `extraGoals` are goals without triggers (for `data-cairn`). */
export function fakeHost(goals: GoalSpec[], extraGoals: Record<string, string[]> = {}): FakeHost {
  const fired: Fired[] = [];
  const list = goals.map((g) => ({ id: g.id, triggers: g.triggers ?? [], propNames: g.propNames ?? [] }));
  return {
    window,
    goals: list,
    fired,
    propNamesOf: (goal) => list.find((g) => g.id === goal)?.propNames ?? extraGoals[goal],
    fire: (goal, props, trigger, options) => {
      fired.push({ goal, props, trigger, coerce: options?.coerce === true });
    },
    debug: vi.fn<TriggerHost['debug']>(),
  };
}

const running: StopTrigger[] = [];

/** Starts the triggers of a fake host; everything started is stopped by {@link cleanup}. */
export function start(goals: GoalSpec[], extraGoals?: Record<string, string[]>): FakeHost & { stop: StopTrigger } {
  const host = fakeHost(goals, extraGoals);
  const stop = startTriggers(host);
  running.push(stop);
  return Object.assign(host, { stop });
}

/** Puts test markup in the page (test fixtures only; the library never writes HTML). */
export function mount(markup: string): void {
  document.body.innerHTML = markup;
}

/** Element by CSS selector, failing loudly when the fixture lacks it. */
export function $(selector: string, root: ParentNode = document): HTMLElement {
  const element = root.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`fixture has no ${selector}`);
  return element;
}

/** A real-looking click: bubbles, cancelable, composed (crosses shadow roots). */
export function click(target: EventTarget): MouseEvent {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
  target.dispatchEvent(event);
  return event;
}

/** A submit event as the browser fires it once validation passed. */
export function submit(form: EventTarget): Event {
  const event = new Event('submit', { bubbles: true, cancelable: true });
  form.dispatchEvent(event);
  return event;
}

/** Moves the page to `url` without telling anyone (bypasses the history wrapper). */
export function setUrlQuietly(url: string): void {
  History.prototype.replaceState.call(window.history, null, '', url);
}

/** Stops every started tracker and resets the page. */
export function cleanup(): void {
  running.splice(0).forEach((stop) => stop());
  document.body.replaceChildren();
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('http://localhost:3000/');
}
