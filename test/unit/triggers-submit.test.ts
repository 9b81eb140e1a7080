// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { $, cleanup, mount, start, submit } from './triggers-helpers';

afterEach(cleanup);

const SIGNUP = `<form id="signup" data-plan="pro">
  <input name="email" value="ann@example.com">
  <input name="name" value="Ann">
  <input type="password" name="password" value="hunter2">
  <input name="pin" autocomplete="new-password" value="1234">
  <input type="checkbox" name="newsletter" checked>
  <input type="checkbox" name="terms">
  <input type="radio" name="plan" value="free"><input type="radio" name="plan" value="team" checked>
  <input type="checkbox" name="topics" value="news" checked><input type="checkbox" name="topics" value="offers">
  <input type="checkbox" name="topics" value="tips" checked>
  <select name="country"><option value="fr">France</option><option value="de" selected>Germany</option></select>
  <textarea name="note">Hi</textarea>
</form>
<form id="search"><input name="q" value="shoes"></form>`;

describe('submit trigger', () => {
  it('fires sign_up with only the fields it names', () => {
    mount(SIGNUP);
    const host = start([
      { id: 'sign_up', triggers: [{ on: 'submit', selector: '#signup', props: { email: 'field:email', plan: 'attr:data-plan' } }] },
    ]);

    submit($('#signup'));

    expect(host.fired).toEqual([
      { goal: 'sign_up', props: { email: 'ann@example.com', plan: 'pro' }, trigger: 'submit', coerce: true },
    ]);
  });

  it('never reads a password field, even when named, and says so in debug', () => {
    mount(SIGNUP);
    const host = start([
      {
        id: 'sign_up',
        triggers: [{ on: 'submit', selector: '#signup', props: { secret: 'field:password', pin: 'field:pin', name: 'field:name' } }],
      },
    ]);

    submit($('#signup'));

    expect(host.fired[0]?.props).toEqual({ name: 'Ann' });
    expect(JSON.stringify(host.fired)).not.toContain('hunter2');
    expect(JSON.stringify(host.fired)).not.toContain('1234');
    expect(host.debug).toHaveBeenCalledWith('field "password" is a password field and is never read');
    expect(host.debug).toHaveBeenCalledWith('field "pin" is a password field and is never read');
  });

  it('reads a checkbox as its checked state, a radio group as the checked value, several checkboxes as a list', () => {
    mount(SIGNUP);
    const host = start([
      {
        id: 'sign_up',
        triggers: [
          {
            on: 'submit',
            selector: '#signup',
            props: {
              newsletter: 'field:newsletter',
              terms: 'field:terms',
              plan: 'field:plan',
              topics: 'field:topics',
              country: 'field:country',
              note: 'field:note',
            },
          },
        ],
      },
    ]);

    submit($('#signup'));

    expect(host.fired[0]?.props).toEqual({
      newsletter: true,
      terms: false,
      plan: 'team',
      topics: 'news,tips',
      country: 'de',
      note: 'Hi',
    });
  });

  it('leaves out a field the form does not have', () => {
    mount(SIGNUP);
    const host = start([{ id: 'sign_up', triggers: [{ on: 'submit', selector: '#signup', props: { coupon: 'field:coupon' } }] }]);

    submit($('#signup'));

    expect(host.fired[0]?.props).toEqual({});
  });

  it('does not fire for a form that does not match the selector', () => {
    mount(SIGNUP);
    const host = start([{ id: 'sign_up', triggers: [{ on: 'submit', selector: '#signup' }] }]);

    submit($('#search'));

    expect(host.fired).toEqual([]);
  });

  it('does not cancel the submission', () => {
    mount(SIGNUP);
    start([{ id: 'sign_up', triggers: [{ on: 'submit', selector: '#signup' }] }]);

    expect(submit($('#signup')).defaultPrevented).toBe(false);
  });
});
