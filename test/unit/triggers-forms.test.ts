// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, cleanup, mount, setUrlQuietly, start, submit, type GoalSpec } from './triggers-helpers';

const started: GoalSpec = { id: 'enquiry_started', propNames: ['form', 'field'], triggers: [{ on: 'form_start', selector: '#enquiry' }] };
const abandoned: GoalSpec = {
  id: 'enquiry_abandoned',
  propNames: ['form', 'last_field', 'fields_filled', 'seconds'],
  triggers: [{ on: 'form_abandon', selector: '#enquiry' }],
};

const SECRET = 'Zebra-4417-secret';

/** What typing one character does: the value changes, then `input` bubbles from the field. */
function type(selector: string, value = SECRET): void {
  const field = $(selector) as HTMLInputElement;
  field.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

const focus = (selector: string) => $(selector).dispatchEvent(new FocusEvent('focusin', { bubbles: true }));

function hide(): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

function show(): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  setUrlQuietly('/contact');
  mount(`
    <form id="enquiry">
      <input name="club"><input name="email" type="email"><input id="phone-field">
      <input type="password" name="pin"><input type="hidden" name="token" value="t">
      <select name="size"><option>S</option><option>M</option></select>
      <button type="submit" name="go">Send</button>
    </form>
    <form class="other" name="newsletter"><input name="email"></form>
    <input name="outside" form="enquiry">`);
});
afterEach(() => {
  vi.useRealTimers();
  delete (document as { visibilityState?: string }).visibilityState;
  cleanup();
});

describe('form_start', () => {
  it('fires once on the first value typed, with the form and the field, whatever follows', () => {
    const host = start([started]);
    type('[name=club]');
    type('[name=email]');
    type('[name=club]', 'again');
    expect(host.fired).toEqual([{ goal: 'enquiry_started', props: { form: 'enquiry', field: 'club' }, trigger: 'form_start', coerce: false }]);
  });

  it('is not started by focus alone, nor by a hidden field or a button', () => {
    const host = start([started]);
    focus('[name=club]');
    $('[name=token]').dispatchEvent(new Event('change', { bubbles: true }));
    $('[name=go]').dispatchEvent(new Event('input', { bubbles: true }));
    expect(host.fired).toEqual([]);
  });

  it('starts on a choice in a select, and on a field outside the form that belongs to it', () => {
    const host = start([started]);
    $('[name=outside]').dispatchEvent(new Event('change', { bubbles: true }));
    expect(host.fired.map((f) => f.props)).toEqual([{ form: 'enquiry', field: 'outside' }]);
    host.stop();
    const picked = start([started]);
    $('[name=size]').dispatchEvent(new Event('change', { bubbles: true }));
    expect(picked.fired.map((f) => f.props)).toEqual([{ form: 'enquiry', field: 'size' }]);
  });

  it('ignores forms the selector does not match, and names a form by its name attribute', () => {
    const host = start([started, { id: 'any_form', propNames: ['form'], triggers: [{ on: 'form_start' }] }]);
    type('.other [name=email]');
    expect(host.fired.map(({ goal, props }) => ({ goal, props }))).toEqual([{ goal: 'any_form', props: { form: 'newsletter' } }]);
  });

  it('sends a field without a name by its id, and leaves out what the goal does not declare', () => {
    const host = start([{ id: 'bare', triggers: [{ on: 'form_start', selector: '#enquiry' }] }, started]);
    type('#phone-field');
    expect(host.fired.map(({ goal, props }) => ({ goal, props }))).toEqual([
      { goal: 'bare', props: {} },
      { goal: 'enquiry_started', props: { form: 'enquiry', field: 'phone-field' } },
    ]);
  });
});

describe('form_abandon', () => {
  it('fires once when the page is hidden after a start, naming the last field touched, how many were filled and the seconds spent', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const host = start([abandoned]);
    type('[name=club]');
    vi.advanceTimersByTime(4_000);
    type('[name=email]');
    type('[name=club]', 'Fell Runners');
    vi.advanceTimersByTime(8_400);
    focus('[name=size]');
    hide();
    show();
    hide();
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(host.fired).toEqual([
      {
        goal: 'enquiry_abandoned',
        props: { form: 'enquiry', last_field: 'size', fields_filled: 2, seconds: 12 },
        trigger: 'form_abandon',
        coerce: false,
      },
    ]);
  });

  it('fires on pagehide when the page is left without being hidden first', () => {
    const host = start([abandoned]);
    type('[name=email]');
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(host.fired.map((f) => f.props)).toEqual([{ form: 'enquiry', last_field: 'email', fields_filled: 1, seconds: 0 }]);
  });

  it('fires none for a form that was submitted, nor for one never started', () => {
    const host = start([abandoned, { ...abandoned, id: 'any_abandoned', triggers: [{ on: 'form_abandon' }] }]);
    type('[name=club]');
    submit($('#enquiry'));
    focus('.other [name=email]');
    hide();
    expect(host.fired).toEqual([]);
  });

  it('fires on an SPA navigation with the URL the form was on, and the next page starts afresh', () => {
    const host = start([started, abandoned]);
    const hrefs: (string | undefined)[] = [];
    const fire = host.fire;
    host.fire = (goal, props, trigger, options) => (hrefs.push(options?.href), fire(goal, props, trigger, options));
    type('[name=club]');
    history.pushState(null, '', '/thanks-for-nothing');
    type('[name=club]');
    expect(host.fired.map((f) => f.goal)).toEqual(['enquiry_started', 'enquiry_abandoned', 'enquiry_started']);
    expect(hrefs).toEqual([undefined, `${location.origin}/contact`, undefined]);
  });

  it('never sends a value typed, picked or hidden, in any prop', () => {
    const host = start([started, abandoned]);
    type('[name=club]');
    type('[name=pin]');
    type('[name=email]', 'ada@example.com');
    hide();
    const sent = JSON.stringify(host.fired);
    for (const value of [SECRET, 'ada@example.com', '"t"']) expect(sent).not.toContain(value);
    expect(host.fired[1]!.props).toMatchObject({ last_field: 'email', fields_filled: 3 });
  });

  it('hears nothing once stopped', () => {
    const host = start([started, abandoned]);
    host.stop();
    type('[name=club]');
    hide();
    expect(host.fired).toEqual([]);
  });
});
